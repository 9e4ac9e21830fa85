import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { getDb, type Client } from '@/lib/db';
import { createTestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { hashAccessToken } from './hash-access-token';
import { issueAccessToken } from './issue-access-token';
import { loadSigningKeys } from './load-signing-keys';
import { revokeAccessToken } from './revoke-access-token';
import { revokeClientAccessTokens } from './revoke-client-access-tokens';
import { TEST_MTLS_URL, TEST_PORTAL_URL, type TokenTestFixture } from './testing/start-token-test-fixture';
import { verifyAccessToken } from './verify-access-token';

let fixture: TokenTestFixture;
let client: Client;
let leafPem: string;
let thumbprint: string;

useTokenTestFixture((started) => (fixture = started));
beforeAll(async () => {
  client = await fixture.createClient();
  leafPem = fixture.certificates.leaf.pem;
  thumbprint = readCertificate(leafPem).thumbprintS256;
});

const INVALID = { status: 'invalid', description: 'access token is invalid, expired or revoked' };
const NOT_BOUND = { status: 'invalid', description: 'access token is not bound to the presented certificate' };

async function issue(forClient: Client = client, now?: Date) {
  return issueAccessToken({ client: forClient, scope: 'accounts payments', certificateThumbprint: thumbprint }, now);
}

// Re-encodes one part of a compact JWS, keeping the others (and so the original signature).
function tamper(token: string, part: 0 | 1, change: (json: Record<string, unknown>) => void): string {
  const parts = token.split('.');
  const json = JSON.parse(Buffer.from(parts[part] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  change(json);
  parts[part] = Buffer.from(JSON.stringify(json)).toString('base64url');
  return parts.join('.');
}

describe('issueAccessToken and verifyAccessToken', () => {
  it('issues a certificate-bound PS256 at+jwt with exact claims, stores its hash, and verifies it', async () => {
    const now = new Date();
    const issued = await issue(client, now);
    const seconds = Math.floor(now.getTime() / 1000);

    expect(issued).toEqual({ accessToken: expect.any(String), expiresIn: 300, scope: 'accounts payments' });
    const header = decodeProtectedHeader(issued.accessToken);
    expect(header).toEqual({ alg: 'PS256', typ: 'at+jwt', kid: expect.any(String) });
    expect(decodeJwt(issued.accessToken)).toEqual({
      iss: TEST_PORTAL_URL,
      sub: client.clientId,
      aud: TEST_MTLS_URL,
      client_id: client.clientId,
      scope: 'accounts payments',
      iat: seconds,
      exp: seconds + 300,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cnf: { 'x5t#S256': thumbprint },
    });
    const record = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashAccessToken(issued.accessToken) } });
    expect(record).toMatchObject({
      clientId: client.id,
      scope: 'accounts payments',
      certificateThumbprint: thumbprint,
      expiresAt: new Date((seconds + 300) * 1000),
      revokedAt: null,
    });
    expect(record.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    expect(await verifyAccessToken(issued.accessToken, leafPem)).toEqual({
      status: 'valid',
      token: { id: record.id, clientDbId: client.id, clientId: client.clientId, scope: 'accounts payments' },
    });
  });

  it('refuses a token presented with another certificate, or with none', async () => {
    const { accessToken } = await issue();
    expect(await verifyAccessToken(accessToken, fixture.certificates.otherSoftware.pem)).toEqual(NOT_BOUND);
    expect(await verifyAccessToken(accessToken, fixture.certificates.obwac.pem)).toEqual(NOT_BOUND);
    expect(await verifyAccessToken(accessToken, null)).toEqual(NOT_BOUND);
    expect(await verifyAccessToken(accessToken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toEqual(NOT_BOUND);
  });

  it('refuses a token whose record is bound to another certificate than its "cnf"', async () => {
    const { accessToken } = await issue();
    await getDb().accessToken.update({ where: { tokenHash: hashAccessToken(accessToken) }, data: { certificateThumbprint: 'another' } });
    expect(await verifyAccessToken(accessToken, leafPem)).toEqual(NOT_BOUND);
  });

  it('refuses a token whose "cnf" names another certificate than its record', async () => {
    const { accessToken } = await issue();
    const claims = { ...decodeJwt(accessToken), cnf: { 'x5t#S256': readCertificate(fixture.certificates.otherSoftware.pem).thumbprintS256 } };
    const { active } = await loadSigningKeys();
    const rebound = await new SignJWT(claims).setProtectedHeader({ alg: 'PS256', typ: 'at+jwt', kid: active.kid }).sign(active.privateKey);
    await getDb().accessToken.create({
      data: { tokenHash: hashAccessToken(rebound), clientId: client.id, scope: 'accounts payments', certificateThumbprint: thumbprint, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(await verifyAccessToken(rebound, leafPem)).toEqual(NOT_BOUND);
    expect(await verifyAccessToken(rebound, fixture.certificates.otherSoftware.pem)).toEqual(NOT_BOUND);
  });

  it('refuses a revoked token; revoking an unknown token does nothing', async () => {
    const { accessToken } = await issue();
    const other = await issue();
    await revokeAccessToken(accessToken);
    await revokeAccessToken('not-a-token-we-issued');
    expect(await verifyAccessToken(accessToken, leafPem)).toEqual(INVALID);
    expect(await verifyAccessToken(other.accessToken, leafPem)).toMatchObject({ status: 'valid' });
  });

  it('refuses an expired token: by its "exp", and by its record', async () => {
    const issuedAt = new Date();
    const { accessToken } = await issue(client, issuedAt);
    expect(await verifyAccessToken(accessToken, leafPem, new Date(issuedAt.getTime() + 299_000))).toMatchObject({ status: 'valid' });
    expect(await verifyAccessToken(accessToken, leafPem, new Date(issuedAt.getTime() + 300_000))).toEqual(INVALID);

    const cut = await issue();
    await getDb().accessToken.update({ where: { tokenHash: hashAccessToken(cut.accessToken) }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await verifyAccessToken(cut.accessToken, leafPem)).toEqual(INVALID);
  });

  it('refuses a tampered token', async () => {
    const { accessToken } = await issue();
    expect(await verifyAccessToken(tamper(accessToken, 1, (claims) => void (claims.scope = 'accounts payments fundsconfirmations')), leafPem)).toEqual(INVALID);
    expect(await verifyAccessToken(tamper(accessToken, 0, (header) => void (header.kid = 'unknown-kid')), leafPem)).toEqual(INVALID);
    expect(await verifyAccessToken(`${accessToken.slice(0, -4)}AAAA`, leafPem)).toEqual(INVALID);
  });

  it('refuses a token signed by a key the bank does not publish, whatever its claims', async () => {
    const { accessToken } = await issue();
    const stranger = await createTestSigningKey('PS256', decodeProtectedHeader(accessToken).kid as string);
    const forged = await signTestJws(decodeJwt(accessToken), stranger, { typ: 'at+jwt' });
    await getDb().accessToken.create({
      data: { tokenHash: hashAccessToken(forged), clientId: client.id, scope: 'accounts', certificateThumbprint: thumbprint, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(await verifyAccessToken(forged, leafPem)).toEqual(INVALID);
    const unknownKid = await signTestJws(decodeJwt(accessToken), { ...stranger, kid: 'unknown-kid' }, { typ: 'at+jwt' });
    expect(await verifyAccessToken(unknownKid, leafPem)).toEqual(INVALID);
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'not.a.jwt'],
    ['a JWT without a kid', 'eyJhbGciOiJQUzI1NiJ9.e30.c2ln'],
  ])('refuses %s', async (_, token) => {
    expect(await verifyAccessToken(token, leafPem)).toEqual(INVALID);
  });

  it('refuses a token that verifies but was never recorded', async () => {
    const { accessToken } = await issue();
    await getDb().accessToken.delete({ where: { tokenHash: hashAccessToken(accessToken) } });
    expect(await verifyAccessToken(accessToken, leafPem)).toEqual(INVALID);
  });

  it('refuses the tokens of a client that was deleted, suspended or revoked since', async () => {
    for (const change of [{ deletedAt: new Date() }, { status: 'suspended' as const }, { status: 'revoked' as const }]) {
      const owner = await fixture.createClient();
      const { accessToken } = await issue(owner);
      expect(await verifyAccessToken(accessToken, leafPem)).toMatchObject({ status: 'valid' });
      await getDb().client.update({ where: { id: owner.id }, data: change });
      expect(await verifyAccessToken(accessToken, leafPem)).toEqual(INVALID);
    }
  });

  it("revokes every live token of a client, and only that client's", async () => {
    const owner = await fixture.createClient();
    const [first, second] = [await issue(owner), await issue(owner)];
    const bystander = await issue();
    expect(await revokeClientAccessTokens(owner.id)).toBe(2);
    expect(await verifyAccessToken(first.accessToken, leafPem)).toEqual(INVALID);
    expect(await verifyAccessToken(second.accessToken, leafPem)).toEqual(INVALID);
    expect(await verifyAccessToken(bystander.accessToken, leafPem)).toMatchObject({ status: 'valid' });
    expect(await revokeClientAccessTokens(owner.id)).toBe(0);
  });
});
