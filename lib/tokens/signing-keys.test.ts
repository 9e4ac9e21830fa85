// The bank's persisted signing keys, which the embedded authorization server signs with and publishes at /jwks.
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { loadKeySealer } from '@/lib/key-encryption/load-key-sealer';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { generateSigningKey } from './generate-signing-key';
import { listPublishedKeys } from './list-published-keys';
import { loadSigningKeys } from './load-signing-keys';
import { rotateSigningKey } from './rotate-signing-key';
import { sealSigningKey } from './seal-signing-key';

useTokenTestFixture(() => undefined);

const TTL_MS = 300_000;
const GRACE_MS = 60_000;
const kidsOf = async (now?: Date) => (await listPublishedKeys(now)).map((key) => String(key.kid));

describe('bank signing keys', () => {
  it('creates one PS256 key on first use, even when asked concurrently, and reuses it', async () => {
    const sets = await Promise.all([loadSigningKeys(), loadSigningKeys(), listPublishedKeys()]);
    const rows = await getDb().signingKey.findMany();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ alg: 'PS256', retiredAt: null });
    // Sealed under KEY_ENCRYPTION_KEY (issue 15): a compact JWE, no PEM (the clear shape is tested below).
    expect(row?.privateKeyJwe?.split('.')).toHaveLength(5);
    expect(row?.legacyPrivateKeyPem).toBeNull();
    expect(row?.publicJwk).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: row?.kid, alg: 'PS256', use: 'sig' });
    expect(Buffer.from((row?.publicJwk as { n: string }).n, 'base64url')).toHaveLength(256);
    expect(sets[0].active.kid).toBe(row?.kid);
    expect(sets[2]).toEqual([row?.publicJwk]);

    await loadSigningKeys({ maxAgeMs: 0 });
    expect(await getDb().signingKey.count()).toBe(1);
  });

  it('stores no private key in clear: the whole row, read through SQL, holds no PEM and no private JWK member', async () => {
    await loadSigningKeys({ maxAgeMs: 0 });
    const rows = await getDb().$queryRawUnsafe<Array<{ row: string }>>('SELECT row_to_json(k)::text AS row FROM "SigningKey" k');
    expect(rows.length).toBeGreaterThan(0);
    for (const { row } of rows) {
      expect(row).not.toContain('PRIVATE KEY');
      expect(row).not.toMatch(/"(d|p|q|dp|dq|qi)"\s*:/);
    }
  });

  it('uses a kid that is the RFC 7638 thumbprint of the key', async () => {
    const key = await generateSigningKey();
    const { calculateJwkThumbprint } = await import('jose');
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk));
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('signs with the newest key when two processes each created one', async () => {
    const before = (await loadSigningKeys({ maxAgeMs: 0 })).active.kid;
    const other = await generateSigningKey();
    await getDb().signingKey.create({ data: await sealSigningKey(other, await loadKeySealer(getEnv())) });
    // Within the cache TTL this process still signs with the key it read.
    expect((await loadSigningKeys()).active.kid).toBe(before);
    expect((await loadSigningKeys({ maxAgeMs: 0 })).active.kid).toBe(other.kid);
    expect(await kidsOf()).toEqual([other.kid, before]);
  });

  it('rotates: the new key signs, the old ones stay published until what they signed has expired', async () => {
    const oldKids = await kidsOf();
    const rotatedAt = new Date();
    const { kid } = await rotateSigningKey(rotatedAt);

    expect((await loadSigningKeys()).active.kid).toBe(kid);
    expect(await kidsOf()).toEqual([kid, ...oldKids]);
    expect(await getDb().signingKey.count({ where: { retiredAt: null } })).toBe(1);

    const lastMoment = new Date(rotatedAt.getTime() + TTL_MS + GRACE_MS - 1);
    expect(await kidsOf(lastMoment)).toEqual([kid, ...oldKids]);
    const afterwards = new Date(rotatedAt.getTime() + TTL_MS + GRACE_MS);
    expect(await kidsOf(afterwards)).toEqual([kid]);

    // Once the window has passed in the database too, the old keys are no longer read at all.
    await getDb().signingKey.updateMany({ where: { kid: { in: oldKids } }, data: { retiredAt: new Date(Date.now() - TTL_MS - GRACE_MS - 1_000) } });
    expect((await loadSigningKeys({ maxAgeMs: 0 })).published.map((key) => key.kid)).toEqual([kid]);
  });
});
