import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader, exportPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinguishedNamesEqual } from '@/lib/certificates/distinguished-names-equal';
import { parseDistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { parseEnv } from '@/lib/env';
import { validateRegistrationRequest } from '@/lib/registration/validate-registration-request';
import { createRegistrationFixture, TEST_ASPSP_ORG_ID, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { buildWorkedExample, type WorkedExampleStep } from './build-worked-example';

const SANDBOX_ENV = { PORTAL_URL: 'http://localhost:3100', MTLS_URL: 'https://localhost:8543', SANDBOX_DIRECTORY_URL: 'http://localhost:4100', DATA_DIR: '/srv/onboard/data' };
const BANK_ENV = {
  PORTAL_URL: 'https://developer.bank.example',
  MTLS_URL: 'https://mtls.developer.bank.example',
  ASPSP_ORG_ID: '0015800001BANKXYZ',
  DIRECTORY_ISSUER: 'https://auth.directory.openbanking.org.uk',
  DIRECTORY_CLIENT_SECRET: 'unused-in-this-test',
};

function step(steps: WorkedExampleStep[], id: WorkedExampleStep['id']): WorkedExampleStep {
  const found = steps.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} step`);
  return found;
}

describe('buildWorkedExample', () => {
  it('goes from sandbox software to a deleted client, against this deployment', () => {
    const steps = buildWorkedExample(parseEnv(SANDBOX_ENV), { orgId: '0015800001ACMEPAYS' });
    expect(steps.map((candidate) => [candidate.id, candidate.language, candidate.file])).toEqual([
      ['software', 'shell', null],
      ['sign', 'javascript', 'sign-registration.mjs'],
      ['register', 'shell', null],
      ['token', 'shell', null],
      ['read', 'shell', null],
      ['delete', 'shell', null],
    ]);
    expect(step(steps, 'software').code).toContain("curl -sS --fail-with-body -X POST 'http://localhost:4100/api/organisations/0015800001ACMEPAYS/software'");
    const tls = '--cert transport.pem --key transport.key --cacert /srv/onboard/data/mtls/ca.pem';
    expect(step(steps, 'register').code).toBe(
      [
        'node sign-registration.mjs > request.jwt',
        `curl -sS ${tls} \\`,
        "  -H 'Content-Type: application/jwt' --data-binary @request.jwt \\",
        "  -o registration.json -w '%{http_code}\\n' https://localhost:8543/register",
        "jq -r '.client_id // .error_description' registration.json",
      ].join('\n'),
    );
    expect(step(steps, 'token').code).toContain('-d grant_type=client_credentials -d client_id="$(jq -r .client_id registration.json)"');
    expect(step(steps, 'token').code).toContain('https://localhost:8543/token');
    expect(step(steps, 'read').code).toContain('"https://localhost:8543/register/$(jq -r .client_id registration.json)"');
    expect(step(steps, 'delete').code).toContain('-X DELETE');
    for (const id of ['register', 'token', 'read', 'delete'] as const) expect(step(steps, id).code).toContain(tls);
  });

  it('leaves a placeholder for the organisation when it does not know it', () => {
    const steps = buildWorkedExample(parseEnv(SANDBOX_ENV));
    expect(step(steps, 'software').code).toContain("'http://localhost:4100/api/organisations/<org_id>/software'");
  });

  it('sends a TPP of a real directory to it for the files, and trusts the bank terminator’s public certificate', () => {
    const steps = buildWorkedExample(parseEnv(BANK_ENV), { orgId: '0015800001ACMEPAYS' });
    expect(step(steps, 'software')).toMatchObject({ language: 'text', title: 'Download your software from the directory' });
    expect(step(steps, 'software').description).toContain('Download your SSA, signing key and transport certificate from the directory');
    expect(step(steps, 'register').code).not.toContain('--cacert');
    expect(step(steps, 'register').code).toContain('https://mtls.developer.bank.example/register');
    expect(step(steps, 'sign').code).toContain('aud: "0015800001BANKXYZ"');
  });

  describe('the signing script', () => {
    let fixture: RegistrationFixture;
    let folder: string;
    let body: string;

    beforeAll(async () => {
      fixture = await createRegistrationFixture();
      const script = step(buildWorkedExample(parseEnv({ ...SANDBOX_ENV, ASPSP_ORG_ID: TEST_ASPSP_ORG_ID })), 'sign');
      folder = mkdtempSync(path.join(tmpdir(), 'worked-example-'));
      // The script imports jose as a TPP's project would: from a node_modules beside it.
      symlinkSync(path.resolve('node_modules'), path.join(folder, 'node_modules'), 'dir');
      writeFileSync(path.join(folder, 'ssa.jwt'), `${fixture.ssa}\n`);
      writeFileSync(path.join(folder, 'signing.kid'), `${fixture.softwareKey.kid}\n`);
      writeFileSync(path.join(folder, 'signing.key'), await exportPKCS8(fixture.softwareKey.privateKey));
      writeFileSync(path.join(folder, 'transport.pem'), fixture.certificates.leaf.pem);
      writeFileSync(path.join(folder, script.file ?? ''), script.code);
      body = execFileSync('node', [script.file ?? ''], { cwd: folder, encoding: 'utf8' });
    });

    afterAll(() => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('signs a registration request that passes every check of the bank', async () => {
      expect(decodeProtectedHeader(body)).toEqual({ alg: 'PS256', kid: fixture.softwareKey.kid, typ: 'JWT' });
      // The script signs with the real clock; the fixture's certificates and SSA are valid now too.
      const { report, metadata, certificate } = await validateRegistrationRequest(body, fixture.deps({ now: new Date() }));
      expect(report.entries.filter((entry) => entry.outcome !== 'pass')).toEqual([]);
      expect(metadata).toMatchObject({ tokenEndpointAuthMethod: 'tls_client_auth', scopes: ['openid', 'accounts', 'payments'] });
      // tls_client_auth: the registered DN is the transport certificate's, as the token endpoint will compare it.
      expect(distinguishedNamesEqual(parseDistinguishedName(metadata?.tlsClientAuthSubjectDn ?? '') ?? [], parseDistinguishedName(certificate?.subjectDn ?? '') ?? [])).toBe(true);
    });

    it('carries the claims the page states', () => {
      const claims = decodeJwt(body);
      expect(Object.keys(claims)).toEqual([
        'iss',
        'aud',
        'iat',
        'exp',
        'jti',
        'software_id',
        'software_statement',
        'redirect_uris',
        'token_endpoint_auth_method',
        'tls_client_auth_subject_dn',
        'grant_types',
        'response_types',
        'id_token_signed_response_alg',
        'request_object_signing_alg',
        'application_type',
        'scope',
      ]);
      expect(claims).toMatchObject({ iss: fixture.softwareId, aud: TEST_ASPSP_ORG_ID, software_statement: fixture.ssa });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    });
  });
});
