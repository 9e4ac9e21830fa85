// TRUST_DOMAINS_FILE (DESIGN configuration contract): several trust domains side by side, validated before the
// deployment serves anything; the single-domain DIRECTORY_* variables stay the shorthand.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { readTrustDomainsFile } from './trust-domains-file';

let folder: string;

const SANDBOX = {
  environment: 'sandbox',
  ssaIssuers: ['OpenBanking Ltd'],
  jwksUri: 'https://keystore.openbankingtest.org.uk/keystore/openbanking.jwks',
  caBundle: 'sandbox-ca.pem',
  jwksHosts: ['keystore.openbankingtest.org.uk'],
  pkiHosts: ['ob.trustis.com', 'crl.example:8080'],
};
const PRODUCTION = {
  ...SANDBOX,
  environment: 'production',
  jwksUri: 'https://keystore.openbanking.org.uk/keystore/openbanking.jwks',
  caBundle: '/etc/onboard/production-ca.pem',
  jwksHosts: ['keystore.openbanking.org.uk'],
};

async function fileWith(content: unknown): Promise<string> {
  const file = path.join(folder, `domains-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'onboard-trust-domains-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('readTrustDomainsFile', () => {
  it("reads one domain per environment; a relative caBundle is read from the file's own folder", async () => {
    expect(readTrustDomainsFile(await fileWith({ domains: [SANDBOX, PRODUCTION] }))).toEqual([
      { ...omitCaBundle(SANDBOX), caBundlePath: path.join(folder, 'sandbox-ca.pem') },
      { ...omitCaBundle(PRODUCTION), caBundlePath: '/etc/onboard/production-ca.pem' },
    ]);
  });

  it.each([
    ['not JSON', '{ domains: [', ['is not JSON']],
    ['no domain', { domains: [] }, ['domains: must hold at least one trust domain']],
    ['two domains of one environment', { domains: [SANDBOX, { ...PRODUCTION, environment: 'sandbox' }] }, ['domains.1.environment: "sandbox" is served by more than one trust domain']],
    ['a JWKS URI that is not http(s)', { domains: [{ ...SANDBOX, jwksUri: 'file:///etc/keys.jwks' }] }, ['domains.0.jwksUri: must be an absolute http(s) URL']],
    ['no JWKS host', { domains: [{ ...SANDBOX, jwksHosts: [] }] }, ['domains.0.jwksHosts: must name at least one host']],
    ['a host with a path', { domains: [{ ...SANDBOX, pkiHosts: ['ob.trustis.com/ocsp'] }] }, ['domains.0.pkiHosts.0: must be a host name, optionally with :port']],
    ['an unknown member', { domains: [{ ...SANDBOX, softFail: true }] }, [expect.stringMatching(/^domains\.0: .*softFail/)]],
    ['no issuer', { domains: [{ ...SANDBOX, ssaIssuers: [] }] }, ['domains.0.ssaIssuers: must name at least one issuer']],
    ['an environment name with capitals', { domains: [{ ...SANDBOX, environment: 'Production' }] }, ['domains.0.environment: must be a lower-case name such as sandbox or production']],
  ])('refuses %s, saying where', async (_, content, issues) => {
    const file = await fileWith(content);
    expect(() => readTrustDomainsFile(file)).toThrow(expect.objectContaining({ issues }));
  });

  it('refuses a file it cannot read', () => {
    expect(() => readTrustDomainsFile(path.join(folder, 'missing.json'))).toThrow(expect.objectContaining({ issues: ['cannot be read: ENOENT'] }));
  });
});

describe('parseEnv with TRUST_DOMAINS_FILE', () => {
  it('replaces the single domain with the file\'s domains', async () => {
    const file = await fileWith({ domains: [SANDBOX, PRODUCTION] });
    const env = parseEnv({ TRUST_DOMAINS_FILE: file });
    expect(env.trustDomainsFile).toBe(file);
    expect(env.trustDomains.map((domain) => [domain.environment, domain.jwksUri])).toEqual([
      ['sandbox', SANDBOX.jwksUri],
      ['production', PRODUCTION.jwksUri],
    ]);
  });

  it('refuses the single-domain variables beside it, which it would leave unused', async () => {
    const file = await fileWith({ domains: [SANDBOX] });
    expect(() => parseEnv({ TRUST_DOMAINS_FILE: file, DIRECTORY_CA_BUNDLE: '/etc/ca.pem', SOFTWARE_ENVIRONMENT: 'production' })).toThrow(
      'TRUST_DOMAINS_FILE: replaces DIRECTORY_CA_BUNDLE, SOFTWARE_ENVIRONMENT; unset them or describe the domain in the file',
    );
  });

  it('names the variable and the file in what is wrong with it', async () => {
    const file = await fileWith({ domains: [{ ...SANDBOX, jwksHosts: [] }] });
    expect(() => parseEnv({ TRUST_DOMAINS_FILE: file })).toThrow(`TRUST_DOMAINS_FILE (${file}): domains.0.jwksHosts: must name at least one host`);
  });
});

function omitCaBundle<T extends { caBundle: string }>({ caBundle: _, ...rest }: T): Omit<T, 'caBundle'> {
  return rest;
}
