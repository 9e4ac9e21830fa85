import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { OAUTH_ERROR_STATUS } from '@/lib/http/oauth-error';
import { DEFAULT_RESPONSE_TYPES, OB_SIGNING_ALGORITHMS, REGISTRABLE_GRANT_TYPES, ROLE_SCOPES } from '@/lib/profile/ob-profile';
import { CLIENT_METADATA_CHECKS, validateClientMetadata } from '@/lib/registration/validate-client-metadata';
import {
  REGISTRATION_REQUEST_CHECKS_AFTER_SSA,
  validateRegistrationRequest,
  type ValidateRegistrationRequestDeps,
} from '@/lib/registration/validate-registration-request';
import { SSA_REQUIRED_CLAIMS } from '@/lib/software-statement/validate-software-statement';
import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { buildApiProfile } from './build-api-profile';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

const BANK_ENV = {
  PORTAL_URL: 'https://developer.bank.example',
  MTLS_URL: 'https://mtls.developer.bank.example',
  ASPSP_ORG_ID: '0015800001BANKXYZ',
  DIRECTORY_ISSUER: 'https://auth.directory.openbanking.org.uk',
  DIRECTORY_CLIENT_SECRET: 'unused-in-this-test',
  DIRECTORY_SSA_ISSUERS: 'OpenBanking Ltd,OpenBanking Ltd Test',
  SOFTWARE_ENVIRONMENT: 'production',
  ACCESS_TOKEN_TTL_SECONDS: '600',
};

function profileOf(source: Record<string, string> = BANK_ENV) {
  return buildApiProfile(parseEnv(source));
}

// Deps for a request that fails at its structure: only the content-type check runs before that.
function contentTypeDeps(contentType: string): ValidateRegistrationRequestDeps {
  const unused = () => {
    throw new Error('not reached for a body that is not a JWS');
  };
  return {
    now: new Date(),
    contentType,
    resolveSsaKey: unused,
    resolverFor: unused,
    fetchJwks: unused,
    fetchRevokedKeys: unused,
    trust: { issuers: [], environments: [] },
    ssaPolicy: { clockToleranceSeconds: 30 },
    registrationPolicy: { tokenEndpointAuthMethods: [] },
    requestPolicy: { maxLifetimeSeconds: 3600 },
    audiences: [],
    claimJti: unused,
    revocations: { findRevocations: unused, revokedSoftwarePolicy: 'refuse' },
    transportCertificate: { pem: null, caCertificates: [], requireInSoftwareJwks: false, ...TEST_PKI_STATUS },
  };
}

describe('buildApiProfile', () => {
  it('states every error code with the status OAUTH_ERROR_STATUS gives it, and when it is answered', () => {
    const profile = profileOf();
    expect(profile.errors.map((rule) => [rule.code, rule.status])).toEqual(Object.entries(OAUTH_ERROR_STATUS));
    for (const rule of profile.errors) expect(rule.when, rule.code).not.toBe('');
    const operationIds = profile.operations.map((operation) => operation.id);
    for (const rule of profile.errors) expect(operationIds).toEqual(expect.arrayContaining(rule.operations));
  });

  it('publishes the endpoints on MTLS_URL, the authorization server\'s issuer', () => {
    const profile = profileOf();
    expect(profile.operations.map((operation) => [operation.method, operation.url, operation.success.status])).toEqual([
      ['POST', 'https://mtls.developer.bank.example/register', 201],
      ['GET', 'https://mtls.developer.bank.example/register/{clientId}', 200],
      ['PUT', 'https://mtls.developer.bank.example/register/{clientId}', 200],
      ['DELETE', 'https://mtls.developer.bank.example/register/{clientId}', 204],
      ['POST', 'https://mtls.developer.bank.example/token', 200],
    ]);
    expect(profile).toMatchObject({
      issuer: 'https://mtls.developer.bank.example',
      discoveryUrl: 'https://mtls.developer.bank.example/.well-known/openid-configuration',
      jwksUrl: 'https://mtls.developer.bank.example/jwks',
      openApiUrl: 'https://developer.bank.example/openapi.json',
    });
  });

  it('takes the registration rules from the validation core', () => {
    const { registration, softwareStatement } = profileOf();
    expect(registration.signingAlgorithms).toEqual([...OB_SIGNING_ALGORITHMS]);
    expect(registration.audiences).toEqual(['0015800001BANKXYZ', 'https://developer.bank.example']);
    expect(softwareStatement).toMatchObject({
      algorithms: [...OB_SIGNING_ALGORITHMS],
      issuers: ['OpenBanking Ltd', 'OpenBanking Ltd Test'],
      environments: ['production'],
      requiredClaims: [...SSA_REQUIRED_CLAIMS],
    });
    // The metadata rows are the metadata checks, in their order; the request claims are the request's own checks.
    expect(registration.metadata.map((rule) => rule.claim)).toEqual(CLIENT_METADATA_CHECKS.map((check) => check.claim));
    const checkedClaims = REGISTRATION_REQUEST_CHECKS_AFTER_SSA.flatMap((check) => (check.claim ? [check.claim] : []));
    expect(registration.requestClaims.map((rule) => rule.claim).sort()).toEqual([...new Set([...checkedClaims, 'software_statement'])].sort());
  });

  it.each(['application/jwt', 'application/jose'])('lists %s, which the registration check accepts', async (contentType) => {
    expect(profileOf().registration.contentTypes).toContain(contentType);
    const { report } = await validateRegistrationRequest('not a jws', contentTypeDeps(contentType));
    expect(report.entries[0]).toMatchObject({ id: 'request.content_type', outcome: 'pass' });
  });

  it('lists no content type the registration check refuses', async () => {
    for (const contentType of profileOf().registration.contentTypes) {
      const { report } = await validateRegistrationRequest('not a jws', contentTypeDeps(contentType));
      expect(report.entries[0]?.outcome, contentType).toBe('pass');
    }
    const { report } = await validateRegistrationRequest('not a jws', contentTypeDeps('application/json'));
    expect(report.entries[0]).toMatchObject({ id: 'request.content_type', outcome: 'fail' });
  });

  it('states the defaults validateClientMetadata substitutes', async () => {
    const { registration } = profileOf();
    const defaults = Object.fromEntries(registration.metadata.map((rule) => [rule.claim, rule.defaultValue]));
    const { metadata } = await validateClientMetadata(
      { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'PS256' },
      buildTestSsaClaims(),
      { tokenEndpointAuthMethods: ['private_key_jwt'] },
      { subjects: [], missing: 'not used with private_key_jwt' },
    );
    expect(metadata).not.toBeNull();
    expect(defaults.grant_types).toBe(metadata?.grantTypes.join(', '));
    expect(metadata?.grantTypes).toEqual([...REGISTRABLE_GRANT_TYPES]);
    expect(defaults.response_types).toBe(metadata?.responseTypes.map((type) => `"${type}"`).join(', '));
    expect(metadata?.responseTypes).toEqual([...DEFAULT_RESPONSE_TYPES]);
    expect(defaults.id_token_signed_response_alg).toBe(metadata?.idTokenSignedResponseAlg);
    expect(defaults.request_object_signing_alg).toBe(metadata?.requestObjectSigningAlg);
    expect(defaults.application_type).toBe(metadata?.applicationType);
    expect(defaults.token_endpoint_auth_method).toBeNull();
  });

  it('offers client_secret_basic at POST /register only when the bank enables it', () => {
    const off = profileOf();
    const on = profileOf({ ...BANK_ENV, DCR_ALLOW_CLIENT_SECRET_BASIC: 'true' });
    expect(off.registration.authMethods).toEqual(['private_key_jwt', 'tls_client_auth']);
    expect(on.registration.authMethods).toEqual(['private_key_jwt', 'tls_client_auth', 'client_secret_basic']);
    const methodRow = (profile: typeof off) => profile.registration.metadata.find((rule) => rule.claim === 'token_endpoint_auth_method')?.values;
    expect(methodRow(off)).toEqual(['private_key_jwt', 'tls_client_auth']);
    expect(methodRow(on)).toEqual(['private_key_jwt', 'tls_client_auth', 'client_secret_basic']);
    const registrable = (profile: typeof off) => profile.token.authMethods.map((rule) => [rule.method, rule.isRegistrable]);
    expect(registrable(off)).toEqual([
      ['private_key_jwt', true],
      ['tls_client_auth', true],
      ['client_secret_basic', false],
    ]);
    expect(registrable(on)).toContainEqual(['client_secret_basic', true]);
  });

  it("narrows the registrable methods by the bank's policy, and states its SSA age limit and initial status", () => {
    const policy = {
      tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'],
      maxSsaAgeSeconds: 3600,
      mcrSandboxStatus: 'active',
      mcrProductionStatus: 'pending',
      dcrSandboxStatus: 'active',
      dcrProductionStatus: 'pending',
    } as const;
    const env = parseEnv({ ...BANK_ENV, SOFTWARE_ENVIRONMENT: 'sandbox,production' });
    const profile = buildApiProfile(env, { ...policy, tokenEndpointAuthMethods: [...policy.tokenEndpointAuthMethods] });
    // client_secret_basic stays out: the policy narrows the configuration, it never widens it.
    expect(profile.registration.authMethods).toEqual(['private_key_jwt']);
    expect(profile.token.authMethods.map((rule) => [rule.method, rule.isRegistrable])).toEqual([
      ['private_key_jwt', true],
      ['tls_client_auth', false],
      ['client_secret_basic', false],
    ]);
    expect(profile.softwareStatement.maxAgeSeconds).toBe(3600);
    expect(profile.registration.initialStatus).toEqual([
      { environment: 'sandbox', status: 'active' },
      { environment: 'production', status: 'pending' },
    ]);
    expect(buildApiProfile(env).registration.initialStatus).toBeNull();
    expect(buildApiProfile(env).softwareStatement.maxAgeSeconds).toBeNull();
  });

  it('maps each directory role to openid and the scope ROLE_SCOPES gives it', () => {
    const { scopes } = profileOf();
    expect(scopes.alwaysAllowed).toEqual(['openid']);
    expect(scopes.byRole).toEqual(Object.entries(ROLE_SCOPES).map(([role, scope]) => ({ role, scopes: ['openid', scope] })));
  });

  it('states the access token lifetime, binding and audience from the configuration', () => {
    const { token } = profileOf();
    expect(token.grantTypes).toEqual(['client_credentials']);
    expect(token.accessToken).toMatchObject({
      lifetimeSeconds: 600,
      binding: 'cnf.x5t#S256',
      issuer: 'https://mtls.developer.bank.example',
    });
    expect(token.assertion.audiences).toEqual(['https://mtls.developer.bank.example/token', 'https://mtls.developer.bank.example']);
  });

  it("names the embedded terminator's CA for a local MTLS_URL and the directory's CA for client certificates", () => {
    const local = buildApiProfile(parseEnv({ DATA_DIR: '/srv/onboard/data' }));
    expect(local.mtls).toMatchObject({
      terminator: 'embedded',
      serverCaPath: '/srv/onboard/data/mtls/ca.pem',
      trustedClientCa: { url: 'http://localhost:4000/ca/bundle.pem' },
      certHeader: 'x-ssl-client-cert',
    });
    const bank = profileOf();
    expect(bank.mtls).toMatchObject({ terminator: 'bank', serverCaPath: null, trustedClientCa: { url: null } });
    expect(bank.mtls.transportCertificate).toHaveLength(2);
    expect(profileOf({ ...BANK_ENV, REQUIRE_TRANSPORT_CERT_IN_SOFTWARE_JWKS: 'true' }).mtls.transportCertificate).toHaveLength(3);
  });
});
