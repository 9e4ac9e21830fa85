// Issue 12 part 3: readiness as /readyz reports it: the fatal checks decide, the others are reported beside them.
import { describe, expect, it } from 'vitest';
import { checkReadiness, toReadinessBody } from './check-readiness';

const passes = (name: string, isFatal: boolean, detail = 'fine') => ({ name, isFatal, check: async () => detail });
const fails = (name: string, isFatal: boolean, message: string) => ({
  name,
  isFatal,
  check: async (): Promise<string> => {
    throw new Error(message);
  },
});

describe('checkReadiness', () => {
  it('is ready when every fatal check passes, reporting a failed non-fatal one as a warning', async () => {
    const readiness = await checkReadiness([passes('database', true, 'answers'), fails('directory keys (sandbox)', false, 'the directory JWKS cannot be read')]);
    expect(readiness.isReady).toBe(true);
    expect(toReadinessBody(readiness)).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', status: 'pass', detail: 'answers' },
        { name: 'directory keys (sandbox)', status: 'warn', detail: 'the directory JWKS cannot be read' },
      ],
    });
  });

  it('is not ready when a fatal check fails, or does not answer in time', async () => {
    const hangs = { name: 'database', isFatal: true, check: () => new Promise<string>(() => undefined) };
    const readiness = await checkReadiness([hangs, fails('migrations', true, '1 migration(s) not applied'), passes('signing keys', true)], 50);
    expect(toReadinessBody(readiness)).toEqual({
      status: 'not_ready',
      checks: [
        { name: 'database', status: 'fail', detail: 'no answer within 50 ms' },
        { name: 'migrations', status: 'fail', detail: '1 migration(s) not applied' },
        { name: 'signing keys', status: 'pass', detail: 'fine' },
      ],
    });
  });
});
