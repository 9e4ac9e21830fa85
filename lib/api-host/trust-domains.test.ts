// OB-RULES *Trust over time*, environments: one deployment serving a sandbox and a production trust domain side by
// side (TRUST_DOMAINS_FILE), each its own directory with its own SSA keys and CA, over real mutual TLS. A
// registration's environment is the domain whose key verified its SSA, its certificate must chain to that domain's
// CA, and a certificate of the sandbox CA never authenticates a production client.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDirectory, type TestDirectory } from '@/directory/testing/start-test-directory';
import { issueCertifiedKey } from '@/directory/pki/issue-certified-key';
import { loadIssuingAuthority } from '@/directory/pki/load-issuing-authority';
import { softwareCertificateSubject } from '@/directory/software/software-certificate-subject';
import { directoryStateSchema } from '@/directory/state/directory-state';
import { checkDynamicRegistration } from '@/lib/clients/check-dynamic-registration';
import { getDb } from '@/lib/db';
import { POLICY_ID } from '@/lib/policy/get-policy';
import { createDirectoryValidationContext } from '@/lib/testing/create-directory-validation-context';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createDirectorySoftware, startTestApiHost, type TestApiHost, type TestSoftware } from './testing/start-test-api-host';

const ACME = '0015800001ACMEPAYS';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let production: TestDirectory;
let api: TestApiHost;

const caBundleOf = (directory: TestDirectory) => path.join(directory.dataDir, 'directory', 'ca-bundle.pem');

// The sandbox domain is the API host's own directory; production is a second one, with other keys and another CA.
function trustDomainsFile(sandbox: TestDirectory) {
  const domain = (environment: string, directory: TestDirectory) => ({
    environment,
    ssaIssuers: ['OpenBanking Ltd'],
    jwksUri: `${directory.url}/keystore/openbanking.jwks`,
    caBundle: caBundleOf(directory),
    jwksHosts: [new URL(directory.url).host],
    pkiHosts: [new URL(directory.url).host],
  });
  return { domains: [domain('sandbox', sandbox), domain('production', production)] };
}

beforeAll(async () => {
  production = await startTestDirectory();
  api = await startTestApiHost(
    { RATE_LIMIT_REGISTER_PER_MINUTE: '0', RATE_LIMIT_TOKEN_PER_MINUTE: '0' },
    {
      async configure(sandbox) {
        const file = path.join(sandbox.dataDir, 'trust-domains.json');
        await writeFile(file, JSON.stringify(trustDomainsFile(sandbox)));
        return { TRUST_DOMAINS_FILE: file };
      },
    },
  );
});
useTestDatabase();
beforeAll(async () => {
  // Production DCR clients start pending by default; these start active, to be asked for tokens at once.
  await getDb().policy.upsert({ where: { id: POLICY_ID }, create: { id: POLICY_ID, dcrProductionStatus: 'active' }, update: { dcrProductionStatus: 'active' } });
});
afterAll(async () => {
  await api?.close();
  await production?.dispose();
});

/** A certificate of the sandbox directory's CA naming `software`, as a TPP holding both would present it. */
async function sandboxCertificateFor(software: TestSoftware): Promise<TestSoftware> {
  const state = directoryStateSchema.parse(JSON.parse(await readFile(path.join(api.directory.dataDir, 'directory', 'state.json'), 'utf8')));
  const authority = await loadIssuingAuthority(state.certificateAuthority, api.directory.url);
  const issued = await issueCertifiedKey(authority, softwareCertificateSubject(software.org_id, software.software_id), 'transport');
  return { ...software, transport: { certificate_pem: issued.certificatePem, private_key_pem: issued.privateKeyPem } };
}

async function register(software: TestSoftware, presenting: TestSoftware = software) {
  return api.send('POST', '/register', { client: presenting, headers: { 'content-type': 'application/jwt' }, body: await api.signRegistration(software) });
}

async function requestToken(software: TestSoftware, clientId: string, presenting: TestSoftware = software) {
  const key = await importPKCS8(software.signing.private_key_pem, 'PS256');
  const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud: `${api.mtlsUrl}/token`, jti: randomUUID() })
    .setProtectedHeader({ alg: 'PS256', kid: software.signing.kid })
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(key);
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: 'accounts',
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  }).toString();
  return api.send('POST', '/token', { client: presenting, headers: FORM, body });
}

describe('several trust domains', () => {
  it('registers each directory\'s software in that directory\'s environment, and each gets a token with its own certificate', async () => {
    const sandboxSoftware = await api.createSoftware(ACME);
    const productionSoftware = await createDirectorySoftware(production.url, ACME, { environment: 'production' });
    for (const [software, environment] of [
      [sandboxSoftware, 'sandbox'],
      [productionSoftware, 'production'],
    ] as const) {
      const registered = await register(software);
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const { client_id: clientId } = registered.body as { client_id: string };
      expect((await getDb().client.findUniqueOrThrow({ where: { clientId } })).environment).toBe(environment);
      const token = await requestToken(software, clientId);
      expect(token.status, `${environment}: ${JSON.stringify(token.body)}`).toBe(200);
    }
  });

  it('never lets a certificate of the sandbox CA authenticate a production client, though it names the software', async () => {
    const software = await createDirectorySoftware(production.url, ACME, { environment: 'production' });
    const registered = await register(software);
    expect(registered.status).toBe(201);
    const { client_id: clientId } = registered.body as { client_id: string };
    const answer = await requestToken(software, clientId, await sandboxCertificateFor(software));
    expect(answer).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_description: 'the client certificate was not issued by a certificate authority the bank trusts for production clients' },
    });
  });

  it('refuses a production registration presenting a certificate of the sandbox CA', async () => {
    const software = await createDirectorySoftware(production.url, ACME, { environment: 'production' });
    const answer = await register(software, await sandboxCertificateFor(software));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error_description: expect.stringContaining('the transport certificate was not issued by a certificate authority the bank trusts') });
    expect(await getDb().client.count({ where: { softwareId: software.software_id } })).toBe(0);
  });

  it("takes the environment from the key that verified the SSA, never from its claim: the production directory's sandbox SSA is refused", async () => {
    const software = await createDirectorySoftware(production.url, ACME, { environment: 'sandbox' });
    const answer = await register(software);
    expect(answer).toMatchObject({
      status: 400,
      body: { error: 'unapproved_software_statement', error_description: expect.stringContaining('"software_environment" must be "production"; got "sandbox"') },
    });
    expect(await getDb().client.count({ where: { softwareId: software.software_id } })).toBe(0);
  });

  it('refuses a production SSA at a deployment that serves the sandbox alone: no key it trusts signed it', async () => {
    const software = await createDirectorySoftware(production.url, ACME, { environment: 'production' });
    const sandboxOnly = createDirectoryValidationContext(api.directory.url, [await readFile(caBundleOf(api.directory), 'utf8')]);
    const { report } = await checkDynamicRegistration(
      { body: await api.signRegistration(software), contentType: 'application/jwt', certificatePem: software.transport.certificate_pem },
      sandboxOnly,
    );
    expect(report.ok).toBe(false);
    expect(report.entries.find((entry) => entry.id === 'ssa.signature')).toMatchObject({ outcome: 'fail' });
  });
});
