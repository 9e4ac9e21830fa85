// OB-RULES *Trust over time*, environments: a software statement's trust domain is the one whose directory key
// verifies it, never the one it claims.
import { createLocalJWKSet, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import type { TrustDomain } from './create-trust-domains';
import { selectTrustDomain, softwareStatementOf, trustDomainOf } from './select-trust-domain';

let sandboxKey: TestSigningKey;
let productionKey: TestSigningKey;
let sandbox: TrustDomain;
let production: TrustDomain;

// Only what choosing a domain reads: its environment and its directory's keys.
function domainOf(environment: string, ...keys: TestSigningKey[]): TrustDomain {
  const unused = () => Promise.reject(new Error('not read when choosing a domain'));
  return {
    environment,
    ssaIssuers: ['OpenBanking Ltd'],
    resolveSsaKey: createLocalJWKSet({ keys: keys.map((key) => key.publicJwk) }),
    resolverFor: () => unused,
    fetchJwks: unused,
    fetchRevokedKeys: unused,
    readCaCertificates: unused,
    checkCertificateStatus: unused,
    isStatusSoftFail: false,
  };
}

function signSsa(key: TestSigningKey, environment: string): Promise<string> {
  return new SignJWT({ software_environment: environment }).setProtectedHeader({ alg: key.alg, kid: key.kid }).setIssuer('OpenBanking Ltd').sign(key.privateKey);
}

beforeAll(async () => {
  sandboxKey = await createTestSigningKey('PS256', 'sandbox-directory');
  productionKey = await createTestSigningKey('ES256', 'production-directory');
  sandbox = domainOf('sandbox', sandboxKey);
  production = domainOf('production', productionKey);
});

describe('selectTrustDomain', () => {
  it("is the domain whose key verified the statement, whatever environment the statement claims", async () => {
    expect(await selectTrustDomain(await signSsa(productionKey, 'production'), [sandbox, production])).toBe(production);
    expect(await selectTrustDomain(await signSsa(sandboxKey, 'production'), [sandbox, production])).toBe(sandbox);
    expect(await selectTrustDomain(await signSsa(productionKey, 'sandbox'), [sandbox, production])).toBe(production);
  });

  it('among several domains whose keys verify it (one directory serving two environments), the one it names', async () => {
    const shared = [domainOf('sandbox', sandboxKey), domainOf('production', sandboxKey)];
    expect((await selectTrustDomain(await signSsa(sandboxKey, 'production'), shared)).environment).toBe('production');
    expect((await selectTrustDomain(await signSsa(sandboxKey, 'sandbox'), shared)).environment).toBe('sandbox');
    expect((await selectTrustDomain(await signSsa(sandboxKey, 'test'), shared)).environment).toBe('sandbox');
  });

  it("when no domain's key verifies it, the one it names (or the first), whose signature check then refuses it", async () => {
    const stranger = await createTestSigningKey('PS256', 'production-directory');
    expect(await selectTrustDomain(await signSsa(stranger, 'production'), [sandbox, production])).toBe(production);
    expect(await selectTrustDomain(await signSsa(stranger, 'test'), [sandbox, production])).toBe(sandbox);
    expect(await selectTrustDomain('not a jws', [sandbox, production])).toBe(sandbox);
    expect(await selectTrustDomain(undefined, [production, sandbox])).toBe(production);
  });

  it('is the one domain of a single-domain deployment without looking, and refuses to choose among none', async () => {
    expect(await selectTrustDomain(await signSsa(productionKey, 'production'), [sandbox])).toBe(sandbox);
    await expect(selectTrustDomain('x', [])).rejects.toThrow('no trust domain is configured');
  });
});

describe('softwareStatementOf', () => {
  it("reads the registration JWT's software_statement, unverified, and nothing from what is not a JWT", async () => {
    const key = await createTestSigningKey('PS256', 'tpp');
    const registration = await new SignJWT({ software_statement: 'the-ssa' }).setProtectedHeader({ alg: 'PS256', kid: 'tpp' }).sign(key.privateKey);
    expect(softwareStatementOf(registration)).toBe('the-ssa');
    expect(softwareStatementOf('{"software_statement":"x"}')).toBeUndefined();
  });
});

describe('trustDomainOf', () => {
  it("is a client's environment's domain, or null when the deployment no longer serves it", () => {
    expect(trustDomainOf('production', [sandbox, production])).toBe(production);
    expect(trustDomainOf('production', [sandbox])).toBeNull();
    expect(trustDomainOf(null, [sandbox])).toBeNull();
  });
});
