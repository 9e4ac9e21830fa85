import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { claimReplayKey } from './claim-replay-key';

useTestDatabase();

const inOneMinute = () => new Date(Date.now() + 60_000);

describe('claimReplayKey', () => {
  it('is true the first time and false while the claim is live', async () => {
    const expiresAt = inOneMinute();
    expect(await claimReplayKey('test:first', expiresAt)).toBe(true);
    expect(await claimReplayKey('test:first', expiresAt)).toBe(false);
    expect(await claimReplayKey('test:first', new Date(Date.now() + 3_600_000))).toBe(false);
    expect(await claimReplayKey('test:other', expiresAt)).toBe(true);
  });

  it('lets exactly one of 20 concurrent claims of one key win', async () => {
    const expiresAt = inOneMinute();
    const results = await Promise.all(Array.from({ length: 20 }, () => claimReplayKey('test:concurrent', expiresAt)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('treats a key whose claim has expired as first use, once', async () => {
    await getDb().replayGuard.create({ data: { key: 'test:expired', expiresAt: new Date(Date.now() - 1_000) } });
    const expiresAt = inOneMinute();
    expect(await claimReplayKey('test:expired', expiresAt)).toBe(true);
    expect(await claimReplayKey('test:expired', expiresAt)).toBe(false);
    const row = await getDb().replayGuard.findUniqueOrThrow({ where: { key: 'test:expired' } });
    expect(row.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  it('lets exactly one of 20 concurrent claims take over an expired key', async () => {
    await getDb().replayGuard.create({ data: { key: 'test:expired-concurrent', expiresAt: new Date(Date.now() - 1_000) } });
    const expiresAt = inOneMinute();
    const results = await Promise.all(Array.from({ length: 20 }, () => claimReplayKey('test:expired-concurrent', expiresAt)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('sweeps expired rows of other keys at most every few minutes', async () => {
    const global = globalThis as typeof globalThis & { onboardReplayPrunedAt?: number };
    // The previous claims swept already: a row expired since stays until the next sweep is due.
    await getDb().replayGuard.create({ data: { key: 'test:stale', expiresAt: new Date(Date.now() - 1_000) } });
    await claimReplayKey('test:before-sweep', inOneMinute());
    expect(await getDb().replayGuard.findUnique({ where: { key: 'test:stale' } })).not.toBeNull();

    global.onboardReplayPrunedAt = Date.now() - 11 * 60_000;
    await claimReplayKey('test:after-sweep', inOneMinute());
    expect(await getDb().replayGuard.findUnique({ where: { key: 'test:stale' } })).toBeNull();
    expect(await getDb().replayGuard.findUnique({ where: { key: 'test:after-sweep' } })).not.toBeNull();
  });

  it('claims keys with NUL or a lone surrogate, each distinct from every other key', async () => {
    // PostgreSQL text holds neither; a driver that turns a lone surrogate into U+FFFD would make these one key.
    const keys = ['test:\u0000', 'test:a\u0000b', 'test:\uD800', 'test:\uDFFF', 'test:\uDC00\uD800', 'test:\uFFFD', 'test:'];
    for (const key of keys) expect(await claimReplayKey(key, inOneMinute())).toBe(true);
    for (const key of keys) expect(await claimReplayKey(key, inOneMinute())).toBe(false);
  });

  it('keeps a claim whose expiry no timestamp can hold (an invalid Date, past the year 9999) until the end of 9999', async () => {
    const latest = new Date('9999-12-31T23:59:59.999Z');
    for (const [key, expiresAt] of [['test:nan', new Date(Number.NaN)], ['test:year-275760', new Date(8.64e15)], ['test:year-10000', new Date('+010000-01-01T00:00:00Z')]] as const) {
      expect(await claimReplayKey(key, expiresAt)).toBe(true);
      expect(await claimReplayKey(key, expiresAt)).toBe(false);
      expect((await getDb().replayGuard.findUniqueOrThrow({ where: { key } })).expiresAt).toEqual(latest);
    }
  });
});
