import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import type { JwksFetcher } from '@/lib/keys/key-resolver';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';

import { checkRevokedKeys, type RevokedKeyLists } from './check-revoked-keys';

// The directory's revoked lists on a real HTTP server, read through the JWKS fetcher production uses (its guard,
// timeout and cache); each test starts with both lists empty and a cold cache.
let server: TestJwksServer;
let certificates: TransportCertificates;
let other: TransportCertificates;
let fetchJwks: JwksFetcher;
let lists: Required<RevokedKeyLists>;
let thumbprintS256: string;

const leafDer = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');

beforeAll(async () => {
  server = await startJwksServer();
  const now = new Date();
  [certificates, other] = await Promise.all([
    createTransportCertificates(now, { softwareId: 'TestSoftware0001', orgId: '0015800001TESTORG', orgName: 'Test Org' }),
    createTransportCertificates(now, { softwareId: 'TestSoftware0002', orgId: '0015800001TESTORG', orgName: 'Test Org' }),
  ]);
  thumbprintS256 = createHash('sha256').update(leafDer(certificates.leaf.pem)).digest('base64url');
  lists = { software_jwks_revoked_endpoint: server.url('/revoked/software.jwks'), org_jwks_revoked_endpoint: server.url('/revoked/organisation.jwks') };
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  serveLists({ keys: [] }, { keys: [] });
  fetchJwks = createJwksFetcher({ allowedHosts: [server.host], timeoutMs: 1_000 });
});

function serveLists(software: { keys: JWK[] }, organisation: { keys: JWK[] }) {
  server.serve('/revoked/software.jwks', { body: software });
  server.serve('/revoked/organisation.jwks', { body: organisation });
}

// Both keys of a token request, the certificate first, through a fetcher with a cold cache.
const createJwksFetcherChecks = (named: RevokedKeyLists) =>
  checkRevokedKeys(createJwksFetcher({ allowedHosts: [server.host] }), named, { kind: 'transport certificate', thumbprintS256 }, { kind: 'signing key', kid: 'k' });

const revokedTls = (pem: string): JWK => ({ kty: 'RSA', kid: 'revoked-tls-1', use: 'tls', n: 'AQAB', e: 'AQAB', x5c: [leafDer(pem).toString('base64')] });

describe('checkRevokedKeys', () => {
  it('passes a key neither list names, and an SSA that names no list without fetching anything', async () => {
    serveLists({ keys: [{ kty: 'RSA', kid: 'old-sig-key', use: 'sig', n: 'AQAB', e: 'AQAB' }] }, { keys: [revokedTls(other.leaf.pem)] });
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'signing key', kid: 'software-sig-key-1' })).toBe(true);
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'transport certificate', thumbprintS256 })).toBe(true);
    const requests = server.requestCount();
    expect(await checkRevokedKeys(fetchJwks, {}, { kind: 'signing key', kid: 'old-sig-key' })).toBe(true);
    expect(server.requestCount()).toBe(requests);
  });

  it("refuses a signing key by its kid, on the software's list or on the organisation's, saying which", async () => {
    serveLists({ keys: [{ kty: 'RSA', kid: 'software-sig-key-1', use: 'sig', n: 'AQAB', e: 'AQAB' }] }, { keys: [] });
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'signing key', kid: 'software-sig-key-1' })).toBe(
      'the directory has revoked the signing key "software-sig-key-1": it is on the software\'s list of revoked keys ("software_jwks_revoked_endpoint")',
    );
    serveLists({ keys: [] }, { keys: [{ kty: 'RSA', kid: 'software-sig-key-2', use: 'sig', n: 'AQAB', e: 'AQAB' }] });
    fetchJwks = createJwksFetcher({ allowedHosts: [server.host] });
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'signing key', kid: 'software-sig-key-2' })).toBe(
      'the directory has revoked the signing key "software-sig-key-2": it is on the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint")',
    );
  });

  it.each([
    ['its certificate (x5c)', () => revokedTls(certificates.leaf.pem)],
    ['its thumbprint (x5t#S256)', (): JWK => ({ kty: 'RSA', kid: 'revoked-tls-2', use: 'tls', n: 'AQAB', e: 'AQAB', 'x5t#S256': thumbprintS256 })],
  ])('refuses a transport certificate listed by %s', async (_label, listed) => {
    serveLists({ keys: [] }, { keys: [listed()] });
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'transport certificate', thumbprintS256 })).toBe(
      'the directory has revoked this transport certificate: it is on the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint")',
    );
  });

  it('does not take a listed kid for a revoked transport certificate: only the certificate itself counts', async () => {
    serveLists({ keys: [{ ...revokedTls(other.leaf.pem), kid: 'software-tls-key-1' }] }, { keys: [] });
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'transport certificate', thumbprintS256 })).toBe(true);
  });

  it.each<[string, () => void]>([
    ['answers 500', () => server.serve('/revoked/software.jwks', { status: 500, body: {} })],
    ['answers something that is not a JWKS', () => server.serve('/revoked/software.jwks', { body: { nothing: true } })],
    ['is gone (404)', () => server.serve('/revoked/software.jwks', { status: 404, body: {} })],
  ])('fails closed when a list %s: the status cannot be established, and the fetch\'s own detail stays with the bank', async (_label, breakIt) => {
    breakIt();
    expect(await checkRevokedKeys(fetchJwks, lists, { kind: 'signing key', kid: 'software-sig-key-1' })).toBe(
      'the software\'s list of revoked keys ("software_jwks_revoked_endpoint") could not be read, so whether this signing key is revoked cannot be established',
    );
  });

  it('reads each list once for several keys, and names the first one listed', async () => {
    serveLists({ keys: [] }, { keys: [revokedTls(certificates.leaf.pem), { kty: 'RSA', kid: 'software-sig-key-1', use: 'sig', n: 'AQAB', e: 'AQAB' }] });
    const before = server.requestCount();
    const verdict = await checkRevokedKeys(fetchJwks, lists, { kind: 'signing key', kid: 'software-sig-key-1' }, { kind: 'transport certificate', thumbprintS256 });
    expect(verdict).toBe('the directory has revoked the signing key "software-sig-key-1": it is on the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint")');
    expect(server.requestCount() - before).toBe(2);
    server.serve('/revoked/software.jwks', { status: 500, body: {} });
    expect(await createJwksFetcherChecks(lists)).toBe(
      'the software\'s list of revoked keys ("software_jwks_revoked_endpoint") could not be read, so whether this transport certificate or signing key is revoked cannot be established',
    );
  });

  it('fails closed for a list on a host the bank does not allow, without fetching it', async () => {
    const requests = server.requestCount();
    const verdict = await checkRevokedKeys(fetchJwks, { org_jwks_revoked_endpoint: 'https://keystore.elsewhere.example/revoked.jwks' }, { kind: 'transport certificate', thumbprintS256 });
    expect(verdict).toBe('the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint") could not be read, so whether this transport certificate is revoked cannot be established');
    expect(server.requestCount()).toBe(requests);
  });

  it('reads each list once within the cache age, so a registration and its token requests cost one fetch', async () => {
    const before = server.requestCount('/revoked/software.jwks');
    for (let index = 0; index < 3; index += 1) await checkRevokedKeys(fetchJwks, lists, { kind: 'signing key', kid: 'software-sig-key-1' });
    expect(server.requestCount('/revoked/software.jwks') - before).toBe(1);
  });

  it('lets a fault that is no failed fetch through, rather than take it for a verdict', async () => {
    const broken: JwksFetcher = async () => {
      throw new TypeError('a bug');
    };
    await expect(checkRevokedKeys(broken, lists, { kind: 'signing key', kid: 'k' })).rejects.toThrow('a bug');
  });
});
