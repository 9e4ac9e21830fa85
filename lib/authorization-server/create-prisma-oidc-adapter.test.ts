import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createPrismaOidcAdapter, type PrismaOidcAdapterFactory } from './create-prisma-oidc-adapter';
import { deleteEmbeddedClientTokens } from './delete-embedded-client-tokens';

useTestDatabase();

// A clock the tests move: the adapter's idea of now.
const START = new Date('2026-03-01T12:00:00.000Z');
let clock = START;
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
let adapterFor: PrismaOidcAdapterFactory;
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

beforeAll(() => {
  adapterFor = createPrismaOidcAdapter(getDb(), { now: () => clock });
});

async function provisionClient(): Promise<string> {
  const clientId = randomUUID();
  await adapterFor('Client').upsert(clientId, { client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' });
  return clientId;
}

function tokenPayload(jti: string, clientId: string) {
  return { jti, kind: 'ClientCredentials', clientId, iat: epoch(clock), exp: epoch(clock) + 60, scope: 'accounts' };
}

describe('createPrismaOidcAdapter', () => {
  it('stores and finds clients and tokens, and reads an expired row as absent', async () => {
    clock = START;
    const clientId = await provisionClient();
    const jti = randomUUID();
    await adapterFor('ClientCredentials').upsert(jti, tokenPayload(jti, clientId), 60);

    expect(await adapterFor('Client').find(clientId)).toEqual({ client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' });
    expect(await adapterFor('ClientCredentials').find(jti)).toEqual(tokenPayload(jti, clientId));
    // The kind is part of the key.
    expect(await adapterFor('AccessToken').find(jti)).toBeUndefined();

    advance(59);
    expect(await adapterFor('ClientCredentials').find(jti)).toMatchObject({ jti });
    advance(1);
    expect(await adapterFor('ClientCredentials').find(jti)).toBeUndefined();
    // Clients never expire.
    advance(365 * 24 * 60 * 60);
    expect(await adapterFor('Client').find(clientId)).toMatchObject({ client_id: clientId });
  });

  it('replaces a row on upsert, marks it consumed, destroys it and revokes by grant', async () => {
    clock = START;
    const clientId = await provisionClient();
    const adapter = adapterFor('ClientCredentials');
    const [first, second] = [randomUUID(), randomUUID()];
    await adapter.upsert(first, tokenPayload(first, clientId), 60);
    await adapter.upsert(first, { ...tokenPayload(first, clientId), scope: 'payments' }, 60);
    expect(await adapter.find(first)).toMatchObject({ scope: 'payments' });
    expect((await adapter.find(first))?.consumed).toBeUndefined();

    await adapter.consume(first);
    expect(await adapter.find(first)).toMatchObject({ consumed: epoch(START) });

    await adapter.destroy(first);
    expect(await adapter.find(first)).toBeUndefined();

    const grantId = randomUUID();
    await adapter.upsert(second, { ...tokenPayload(second, clientId), grantId }, 60);
    await adapter.revokeByGrantId(grantId);
    expect(await adapter.find(second)).toBeUndefined();
  });

  it('finds sessions by uid and device codes by user code', async () => {
    clock = START;
    const [sessionId, uid, deviceCode, userCode] = [randomUUID(), randomUUID(), randomUUID(), 'BCDF-GHJK'];
    await adapterFor('Session').upsert(sessionId, { jti: sessionId, uid, kind: 'Session' }, 60);
    await adapterFor('DeviceCode').upsert(deviceCode, { jti: deviceCode, userCode, kind: 'DeviceCode' }, 60);
    expect(await adapterFor('Session').findByUid(uid)).toEqual({ jti: sessionId, uid, kind: 'Session' });
    expect(await adapterFor('DeviceCode').findByUserCode(userCode)).toEqual({ jti: deviceCode, userCode, kind: 'DeviceCode' });
    expect(await adapterFor('Session').findByUid('no-such-uid')).toBeUndefined();
  });

  it('stores a token only while its client is provisioned', async () => {
    clock = START;
    const jti = randomUUID();
    await expect(adapterFor('ClientCredentials').upsert(jti, tokenPayload(jti, 'not-provisioned'), 60)).rejects.toThrow(
      'a ClientCredentials was not stored: its client is not provisioned',
    );
    expect(await adapterFor('ClientCredentials').find(jti)).toBeUndefined();
  });

  it("deletes every token of a client, and nothing of another client's", async () => {
    clock = START;
    const [clientId, otherId] = [await provisionClient(), await provisionClient()];
    const [a, b, other] = [randomUUID(), randomUUID(), randomUUID()];
    await adapterFor('ClientCredentials').upsert(a, tokenPayload(a, clientId), 60);
    await adapterFor('ClientCredentials').upsert(b, tokenPayload(b, clientId), 60);
    await adapterFor('ClientCredentials').upsert(other, tokenPayload(other, otherId), 60);

    expect(await deleteEmbeddedClientTokens(getDb(), clientId)).toBe(2);
    expect(await adapterFor('ClientCredentials').find(a)).toBeUndefined();
    expect(await adapterFor('ClientCredentials').find(b)).toBeUndefined();
    expect(await adapterFor('ClientCredentials').find(other)).toMatchObject({ jti: other });
    expect(await adapterFor('Client').find(clientId)).toMatchObject({ client_id: clientId });
  });

  it('claims an id once while it lives, exactly once among concurrent claims, and again after it expired', async () => {
    clock = START;
    const adapter = adapterFor('ReplayDetection');
    const id = randomUUID();
    const payload = { jti: id, kind: 'ReplayDetection', iss: 'client', iat: epoch(clock), exp: epoch(clock) + 30 };
    const claims = await Promise.all(Array.from({ length: 5 }, () => adapter.claim(id, payload, 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    advance(29);
    expect(await adapter.claim(id, payload, 30)).toBe(false);
    advance(1);
    expect(await adapter.claim(id, payload, 30)).toBe(true);
    // An expiry past what a timestamp holds is kept until the latest one instead.
    expect(await adapter.claim(randomUUID(), payload, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('answers absent for a client id PostgreSQL text cannot hold', async () => {
    expect(await adapterFor('Client').find('bad\u0000id')).toBeUndefined();
    expect(await adapterFor('ClientCredentials').find('bad\u0000id')).toBeUndefined();
  });
  it('deletes expired rows on a write at most every 10 minutes, and never for a write told not to (a client change, in its transaction)', async () => {
    clock = START;
    const authorizationServer = createPrismaOidcAdapter(getDb(), { now: () => clock });
    const clientChange = createPrismaOidcAdapter(getDb(), { now: () => clock, pruneExpired: false });
    const clientId = randomUUID();
    const client = { client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' };
    const storedTokens = async () =>
      (await getDb().$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM "AuthorizationServerPayload" WHERE "clientId" = ${clientId} AND kind <> 'Client'`)[0]?.count;
    const issue = () => {
      const jti = randomUUID();
      return clientChange('ClientCredentials').upsert(jti, tokenPayload(jti, clientId), 60);
    };
    await clientChange('Client').upsert(clientId, client);
    await issue();
    advance(61);
    await clientChange('Client').upsert(clientId, client);
    expect(await storedTokens()).toBe(1);
    await authorizationServer('Client').upsert(clientId, client);
    expect(await storedTokens()).toBe(0);

    await issue();
    advance(61);
    await authorizationServer('Client').upsert(clientId, client);
    expect(await storedTokens(), 'pruned again within 10 minutes').toBe(1);
    advance(10 * 60);
    await authorizationServer('Client').upsert(clientId, client);
    expect(await storedTokens()).toBe(0);
  });
});
