// Issue 12 part 3: the API host's probes on its plain listener (for the orchestrator and the terminator's health
// checks, without the terminator's secret), over the real host with the real services; not on the mTLS listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDirectory, type TestDirectory } from '@/directory/testing/start-test-directory';
import { checkReadiness, toReadinessBody } from '@/lib/health/check-readiness';
import { directoryKeysProbes } from '@/lib/health/api-host-probes';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { startTestApiHost, type TestApiHost } from './testing/start-test-api-host';

let api: TestApiHost;

beforeAll(async () => {
  api = await startTestApiHost();
});
useTestDatabase();
afterAll(async () => {
  await api?.close();
});

describe('the API host probes', () => {
  it('answers /livez and /readyz on the plain listener without the terminator secret, each check with what it found', async () => {
    expect(await api.sendDirect('GET', '/livez', { headers: {} })).toMatchObject({ status: 200, body: { status: 'live' } });
    const ready = await api.sendDirect('GET', '/readyz', { headers: {} });
    expect(ready).toMatchObject({ status: 200, headers: { 'cache-control': 'no-store' } });
    expect(ready.body).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', status: 'pass', detail: 'answers' },
        { name: 'migrations', status: 'pass', detail: expect.stringMatching(/^\d+ applied$/) },
        // In memory with the embedded database, in PostgreSQL with DATABASE_URL.
        { name: 'rate limit store', status: 'pass', detail: expect.stringMatching(/^(in this process|PostgreSQL answers)$/) },
        { name: 'directory keys (sandbox)', status: 'pass', detail: expect.stringMatching(/^\d+ keys$/) },
        { name: 'signing keys', status: 'pass', detail: '1 loaded' },
      ],
    });
    expect((await api.sendDirect('POST', '/readyz', { headers: {} })).status).toBe(405);
  });

  it('serves no probe on the mutual TLS listener, which TPPs reach', async () => {
    expect((await api.send('GET', '/readyz', { client: null })).status).toBe(404);
    expect((await api.send('GET', '/livez', { client: null })).status).toBe(404);
  });
});

describe('the directory keys probe', () => {
  let directory: TestDirectory;
  beforeAll(async () => {
    directory = await startTestDirectory();
  });
  afterAll(() => directory?.dispose());

  it('reports, never fails readiness, while the directory cannot be reached', async () => {
    const probes = directoryKeysProbes([{ environment: 'sandbox', jwksUri: `${directory.url}/keystore/openbanking.jwks` }], 0);
    expect(toReadinessBody(await checkReadiness(probes)).checks).toEqual([{ name: 'directory keys (sandbox)', status: 'pass', detail: expect.stringMatching(/^\d+ keys$/) }]);
    await directory.stop();
    expect(toReadinessBody(await checkReadiness(probes))).toEqual({
      status: 'ready',
      checks: [{ name: 'directory keys (sandbox)', status: 'warn', detail: 'the directory JWKS cannot be read' }],
    });
  });
});
