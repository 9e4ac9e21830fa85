import { decodeProtectedHeader, importPKCS8, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { getDb, type Client, type Prisma } from '@/lib/db';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { generateSigningKey } from './generate-signing-key';
import { hashAccessToken } from './hash-access-token';
import { issueAccessToken } from './issue-access-token';
import { listPublishedKeys } from './list-published-keys';
import { loadSigningKeys } from './load-signing-keys';
import { rotateSigningKey } from './rotate-signing-key';
import { TEST_MTLS_URL, TEST_PORTAL_URL, type TokenTestFixture } from './testing/start-token-test-fixture';
import { verifyAccessToken } from './verify-access-token';

let fixture: TokenTestFixture;
let client: Client;
let thumbprint: string;

useTokenTestFixture((started) => (fixture = started));
beforeAll(async () => {
  client = await fixture.createClient();
  thumbprint = readCertificate(fixture.certificates.leaf.pem).thumbprintS256;
});

const TTL_MS = 300_000;
const GRACE_MS = 60_000;
const kidsOf = async (now?: Date) => (await listPublishedKeys(now)).map((key) => String(key.kid));
const issue = () => issueAccessToken({ client, scope: 'accounts', certificateThumbprint: thumbprint });

describe('bank signing keys', () => {
  it('creates one PS256 key on first use, even when asked concurrently, and reuses it', async () => {
    const sets = await Promise.all([loadSigningKeys(), loadSigningKeys(), listPublishedKeys(), issue()]);
    const rows = await getDb().signingKey.findMany();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ alg: 'PS256', retiredAt: null });
    expect(row?.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(row?.publicJwk).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: row?.kid, alg: 'PS256', use: 'sig' });
    expect(Buffer.from((row?.publicJwk as { n: string }).n, 'base64url')).toHaveLength(256);
    expect(sets[0].active.kid).toBe(row?.kid);
    expect(sets[2]).toEqual([row?.publicJwk]);
    expect(decodeProtectedHeader(sets[3].accessToken).kid).toBe(row?.kid);

    await loadSigningKeys({ maxAgeMs: 0 });
    await issue();
    expect(await getDb().signingKey.count()).toBe(1);
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
    await getDb().signingKey.create({ data: { ...other, publicJwk: other.publicJwk as Prisma.InputJsonObject } });
    // Within the cache TTL this process still signs with the key it read.
    expect((await loadSigningKeys()).active.kid).toBe(before);
    expect((await loadSigningKeys({ maxAgeMs: 0 })).active.kid).toBe(other.kid);
    expect(await kidsOf()).toEqual([other.kid, before]);
  });

  it('rotates: the new key signs, the old ones stay published until their tokens have expired', async () => {
    const oldToken = await issue();
    const oldKids = await kidsOf();
    const rotatedAt = new Date();
    const { kid } = await rotateSigningKey(rotatedAt);

    expect((await loadSigningKeys()).active.kid).toBe(kid);
    const newToken = await issue();
    expect(decodeProtectedHeader(newToken.accessToken).kid).toBe(kid);
    expect(await kidsOf()).toEqual([kid, ...oldKids]);
    expect(await getDb().signingKey.count({ where: { retiredAt: null } })).toBe(1);

    const pem = fixture.certificates.leaf.pem;
    expect(await verifyAccessToken(oldToken.accessToken, pem)).toMatchObject({ status: 'valid' });
    expect(await verifyAccessToken(newToken.accessToken, pem)).toMatchObject({ status: 'valid' });

    const lastMoment = new Date(rotatedAt.getTime() + TTL_MS + GRACE_MS - 1);
    expect(await kidsOf(lastMoment)).toEqual([kid, ...oldKids]);
    const afterwards = new Date(rotatedAt.getTime() + TTL_MS + GRACE_MS);
    expect(await kidsOf(afterwards)).toEqual([kid]);

    // Once the window has passed in the database too, the old keys are no longer read at all.
    await getDb().signingKey.updateMany({ where: { kid: { in: oldKids } }, data: { retiredAt: new Date(Date.now() - TTL_MS - GRACE_MS - 1_000) } });
    expect((await loadSigningKeys({ maxAgeMs: 0 })).published.map((key) => key.kid)).toEqual([kid]);
    expect(await verifyAccessToken(oldToken.accessToken, pem)).toEqual({ status: 'invalid', description: 'access token is invalid, expired or revoked' });
  });

  it('verifies a token signed by a key another process created since this one read the keys', async () => {
    await loadSigningKeys({ maxAgeMs: 0 });
    const other = await generateSigningKey();
    await getDb().$transaction([
      getDb().signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } }),
      getDb().signingKey.create({ data: { ...other, publicJwk: other.publicJwk as Prisma.InputJsonObject } }),
    ]);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ client_id: client.clientId, scope: 'accounts', cnf: { 'x5t#S256': thumbprint } })
      .setProtectedHeader({ alg: 'PS256', typ: 'at+jwt', kid: other.kid })
      .setIssuer(TEST_PORTAL_URL)
      .setSubject(client.clientId)
      .setAudience(TEST_MTLS_URL)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti('another-process-token')
      .sign(await importPKCS8(other.privateKeyPem, 'PS256'));
    await getDb().accessToken.create({
      data: { tokenHash: hashAccessToken(token), clientId: client.id, scope: 'accounts', certificateThumbprint: thumbprint, expiresAt: new Date((now + 300) * 1000) },
    });
    expect(await verifyAccessToken(token, fixture.certificates.leaf.pem)).toMatchObject({ status: 'valid' });
    expect((await loadSigningKeys()).active.kid).toBe(other.kid);
  });
});
