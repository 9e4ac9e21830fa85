import { createLocalJWKSet, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import { SOFTWARE_STATEMENT_CHECKS, validateSoftwareStatement } from '@/lib/software-statement/validate-software-statement';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { TEST_SSA_NOW } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import {
  createRegistrationFixture,
  TEST_ASPSP_ORG_ID,
  TEST_PORTAL_URL,
  type RegistrationFixture,
} from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { firstFailure, type ValidationReport } from '@/lib/validation/report';

import type { RegistrationRevocations } from './check-registration-revocations';
import { validateRegistrationRequest, type ValidateRegistrationRequestDeps } from './validate-registration-request';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

const BEFORE_SSA = ['request.content_type', 'request.structure', 'request.alg', 'request.kid', 'request.software_statement'];
const SSA_IDS = SOFTWARE_STATEMENT_CHECKS.map((check) => check.id);
const CLAIM_IDS = ['request.iss', 'request.software_id', 'request.aud', 'request.exp', 'request.iat', 'request.lifetime', 'request.jti', 'request.jti_unique'];
// Issue 15: the bank's revocations, checked only for a signed request (as the claims are).
const REVOCATION_IDS = ['revocation.software', 'revocation.organisation'];
const AFTER_SSA = ['request.signature', ...CLAIM_IDS, ...REVOCATION_IDS];
const CERTIFICATE_IDS = ['certificate.present', 'certificate.parse', 'certificate.validity', 'certificate.chain', 'certificate.subject', 'certificate.psd2_roles', 'certificate.revocation', 'certificate.software_jwks'];
// OB-RULES trust over time: the signing key (needs the signature) and the transport certificate (needs every
// certificate check) against the revoked-key lists the SSA names.
// Then the signing key's certificate with its authority (it needs the signature).
const REVOKED_KEY_IDS = ['revoked_keys.signing_key', 'revoked_keys.transport_certificate', 'signing_key.certificate_status'];
const METADATA_IDS = [
  'metadata.redirect_uris',
  'metadata.token_endpoint_auth_method',
  'metadata.token_endpoint_auth_signing_alg',
  'metadata.tls_client_auth_subject_dn',
  'metadata.grant_types',
  'metadata.response_types',
  'metadata.id_token_signed_response_alg',
  'metadata.request_object_signing_alg',
  'metadata.scope',
  'metadata.application_type',
];
// The frozen clock of the fixture (TEST_SSA_NOW), in seconds.
const NOW_SECONDS = Math.floor(TEST_SSA_NOW.getTime() / 1000);
const ALL_IDS = [...BEFORE_SSA, ...SSA_IDS, ...AFTER_SSA, ...CERTIFICATE_IDS, ...REVOKED_KEY_IDS, ...METADATA_IDS];

// The codes are part of the contract (OB-RULES error table), so they are spelled out here; the SSA's are its own.
const SSA_CODES = new Map(SOFTWARE_STATEMENT_CHECKS.map((check) => [check.id, check.code]));
function codeOf(id: string): string {
  // OB-RULES trust over time: a revocation status that cannot be established is refused as invalid_client_metadata.
  if (id === 'certificate.revocation') return 'invalid_client_metadata';
  if (id === 'request.software_statement' || id.startsWith('certificate.') || id === 'revoked_keys.transport_certificate') return 'invalid_software_statement';
  if (id === 'metadata.redirect_uris') return 'invalid_redirect_uri';
  if (id.startsWith('revocation.')) return 'unapproved_software_statement';
  return SSA_CODES.get(id) ?? 'invalid_client_metadata';
}

type Entry = { id: string; outcome: string; code: string; description: string | undefined };

function entries(report: ValidationReport): Entry[] {
  return report.entries.map(({ id, outcome, code, description }) => ({ id, outcome, code, description }));
}

// Every check passes, except `failures` (id → description) and `notRun`; `replace` swaps in whole entries (the SSA's own).
function expected(failures: Record<string, string> = {}, notRun: string[] = [], replace: Entry[] = []): Entry[] {
  const replaced = new Map(replace.map((entry) => [entry.id, entry]));
  return ALL_IDS.map((id) => {
    const replacement = replaced.get(id);
    if (replacement) return replacement;
    if (id in failures) return { id, outcome: 'fail', code: codeOf(id), description: failures[id] };
    return { id, outcome: notRun.includes(id) ? 'not_run' : 'pass', code: codeOf(id), description: undefined };
  });
}

let fixture: RegistrationFixture;
let strangerKey: TestSigningKey;
let rs256Key: TestSigningKey;

beforeAll(async () => {
  fixture = await createRegistrationFixture();
  [strangerKey, rs256Key] = await Promise.all([createTestSigningKey('PS256', 'software-sig-key-1'), createTestSigningKey('RS256', 'software-sig-key-1')]);
});

async function run(body: string, overrides: Partial<ValidateRegistrationRequestDeps> = {}, jwks?: { keys: JWK[] }, revoked?: Parameters<RegistrationFixture['deps']>[2]) {
  const guard = fixture.createReplayGuard();
  const result = await validateRegistrationRequest(body, fixture.deps({ claimJti: guard.claimJti, ...overrides }, jwks, revoked));
  return { ...result, calls: guard.calls };
}

async function signed(overrides: Record<string, unknown> = {}, options: Parameters<RegistrationFixture['sign']>[1] = {}): Promise<string> {
  return fixture.sign(fixture.claims(overrides), options);
}

function base64url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

describe('validateRegistrationRequest', () => {
  const REVOKED_AT = new Date('2026-11-30T09:15:00Z');
  it.each<[string, RegistrationRevocations, Record<string, string>]>([
    [
      'its software',
      { software: { id: 'sr1', revokedAt: REVOKED_AT }, organisation: null },
      { 'revocation.software': 'software "TestSoftware0001" was revoked by the bank on 2026-11-30; registrations for it are refused until an admin lifts the revocation' },
    ],
    [
      'its organisation',
      { software: null, organisation: { id: 'or1', revokedAt: REVOKED_AT } },
      { 'revocation.organisation': 'organisation "0015800001TESTORG" was revoked by the bank on 2026-11-30; registrations of its software are refused until an admin lifts the revocation' },
    ],
  ])('refuses a request when the bank revoked %s (policy refuse), and holds it under the policy hold', async (_name, revocations, failures) => {
    const body = await signed();
    const lookups: unknown[] = [];
    const findRevocations = async (subject: unknown) => {
      lookups.push(subject);
      return revocations;
    };
    const refused = await run(body, { revocations: { findRevocations, revokedSoftwarePolicy: 'refuse' } });
    expect(entries(refused.report)).toEqual(expected(failures));
    expect(refused).toMatchObject({ ssa: null, metadata: null, heldFor: null });
    expect(lookups).toEqual([{ softwareId: fixture.softwareId, environment: 'sandbox', directoryOrgId: fixture.orgId }]);

    const held = await run(body, { revocations: { findRevocations, revokedSoftwarePolicy: 'hold' } });
    expect(entries(held.report)).toEqual(expected());
    expect(held.heldFor).toEqual(revocations);
    expect(held.ssa?.software_id).toBe(fixture.softwareId);
  });

  it('accepts a valid request: every check, in order, passes', async () => {
    const body = await signed();
    const { report, ssa, metadata, certificate, calls } = await run(body);

    expect(report.entries.map((entry) => entry.id)).toEqual([
      'request.content_type',
      'request.structure',
      'request.alg',
      'request.kid',
      'request.software_statement',
      ...SSA_IDS,
      'request.signature',
      'request.iss',
      'request.software_id',
      'request.aud',
      'request.exp',
      'request.iat',
      'request.lifetime',
      'request.jti',
      'request.jti_unique',
      'revocation.software',
      'revocation.organisation',
      'certificate.present',
      'certificate.parse',
      'certificate.validity',
      'certificate.chain',
      'certificate.subject',
      'certificate.psd2_roles',
      'certificate.revocation',
      'certificate.software_jwks',
      ...REVOKED_KEY_IDS,
      ...METADATA_IDS,
    ]);
    expect(entries(report)).toEqual(expected());
    expect(report.ok).toBe(true);
    expect(ssa?.software_id).toBe(fixture.softwareId);
    expect(ssa?.raw).toEqual(fixture.ssaClaims);
    expect(metadata).toEqual({
      redirectUris: ['https://test-app.example/callback'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      tokenEndpointAuthSigningAlg: 'PS256',
      tlsClientAuthSubjectDn: null,
      grantTypes: ['authorization_code', 'client_credentials', 'refresh_token'],
      responseTypes: ['code id_token'],
      idTokenSignedResponseAlg: 'PS256',
      requestObjectSigningAlg: 'PS256',
      scopes: ['openid', 'accounts', 'payments'],
      applicationType: 'web',
    });
    expect(certificate?.subjectDn).toBe('CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB');
    const claims = fixture.claims();
    expect(calls).toEqual([{ key: `${fixture.softwareId}:${claims.jti as string}`, expiresAt: new Date((claims.exp as number) * 1000) }]);
  });

  it.each<[string, string | null]>([
    ['application/jwt', 'application/jwt'],
    ['application/jose', 'application/jose'],
    ['a charset parameter', 'application/jwt; charset=utf-8'],
    ['upper case', 'Application/JOSE'],
  ])('accepts a Content-Type with %s', async (_label, contentType) => {
    const { report } = await run(await signed(), { contentType });
    expect(report.ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['"aud" as an array holding the portal URL', { aud: ['https://elsewhere.example', TEST_PORTAL_URL] }],
    ['no "software_id"', { software_id: undefined }],
    ['"exp" just past, within the clock tolerance', { exp: NOW_SECONDS - 10 }],
    ['"iat" just ahead, within the clock tolerance', { iat: NOW_SECONDS + 10 }],
    ['a non-UUID "jti"', { jti: 'registration-0001' }],
  ])('accepts %s', async (_label, overrides) => {
    const { report } = await run(await signed(overrides));
    expect(entries(report)).toEqual(expected());
  });

  it('accepts a body with surrounding whitespace (a trailing newline from curl)', async () => {
    const { report } = await run(`\n${await signed()}\n`);
    expect(report.ok).toBe(true);
  });

  const NOTHING_DECODED = ['request.alg', 'request.kid', 'request.software_statement', ...SSA_IDS, ...AFTER_SSA, ...CERTIFICATE_IDS, ...REVOKED_KEY_IDS, ...METADATA_IDS];
  const UNSIGNED = [...AFTER_SSA, 'revoked_keys.signing_key', 'signing_key.certificate_status', ...METADATA_IDS];
  const UNTRUSTED_CLAIMS = [...CLAIM_IDS, ...REVOCATION_IDS, 'revoked_keys.signing_key', 'signing_key.certificate_status', ...METADATA_IDS];
  const NOT_COMPACT = 'registration request must be a compact JWS: three base64url parts separated by "."';

  it.each<[string, () => Promise<string>, Partial<ValidateRegistrationRequestDeps>, Record<string, string>, string[]]>([
    ['no Content-Type', () => signed(), { contentType: null }, { 'request.content_type': '"Content-Type" is missing; it must be application/jwt or application/jose' }, []],
    [
      'a JSON Content-Type',
      () => signed(),
      { contentType: 'application/json; charset=utf-8' },
      { 'request.content_type': '"Content-Type" must be application/jwt or application/jose; got "application/json"' },
      [],
    ],
    ['an empty body', async () => '', {}, { 'request.structure': 'registration request body is empty' }, NOTHING_DECODED],
    ['a body that is not a JWT', async () => 'hello', {}, { 'request.structure': NOT_COMPACT }, NOTHING_DECODED],
    ['a JSON body', async () => '{"software_statement":"x"}', {}, { 'request.structure': NOT_COMPACT }, NOTHING_DECODED],
    ['a JWE (five parts)', async () => 'a.b.c.d.e', {}, { 'request.structure': NOT_COMPACT }, NOTHING_DECODED],
    [
      'a claim with NUL, which the bank could not store',
      () => signed({ tls_client_auth_subject_dn: 'CN=a\u0000b' }),
      {},
      { 'request.structure': 'registration request claim "tls_client_auth_subject_dn" holds a NUL character or an unpaired surrogate' },
      NOTHING_DECODED,
    ],
    [
      'a header that is not JSON',
      async () => `${base64url('not json')}.${base64url('{}')}.c2ln`,
      {},
      { 'request.structure': 'registration request header is not a base64url-encoded JSON object' },
      NOTHING_DECODED,
    ],
    [
      'a payload that is not a JSON object',
      async () => `${base64url('{"alg":"PS256","kid":"k"}')}.${base64url('["a"]')}.c2ln`,
      {},
      { 'request.structure': 'registration request is not a valid compact JWS' },
      NOTHING_DECODED,
    ],
    [
      'an unsigned request ("alg": "none")',
      async () => `${base64url(JSON.stringify({ alg: 'none', kid: 'software-sig-key-1' }))}.${base64url(JSON.stringify(fixture.claims()))}.`,
      {},
      { 'request.alg': 'registration request is unsigned ("alg" is "none"); it must be signed PS256 or ES256' },
      UNSIGNED,
    ],
    ['an RS256 signature', () => signed({}, { key: rs256Key }), {}, { 'request.alg': '"alg" must be PS256 or ES256; got "RS256"' }, UNSIGNED],
    ['no "alg"', async () => unsignedWithHeader({ kid: 'software-sig-key-1' }), {}, { 'request.alg': 'registration request header has no "alg"' }, UNSIGNED],
    ['no "kid"', () => signed({}, { header: { kid: undefined } }), {}, { 'request.kid': 'registration request header has no "kid"' }, UNSIGNED],
    ['an empty "kid"', () => signed({}, { header: { kid: '' } }), {}, { 'request.kid': '"kid" must be a non-empty string' }, UNSIGNED],
    [
      'no software statement',
      () => signed({ software_statement: undefined }),
      {},
      { 'request.software_statement': '"software_statement" is missing' },
      [...SSA_IDS, ...AFTER_SSA, ...CERTIFICATE_IDS, ...REVOKED_KEY_IDS, ...METADATA_IDS],
    ],
    [
      'a software statement that is not a string',
      () => signed({ software_statement: { software_id: 'x' } }),
      {},
      { 'request.software_statement': '"software_statement" must be a string: the SSA as a compact JWS' },
      [...SSA_IDS, ...AFTER_SSA, ...CERTIFICATE_IDS, ...REVOKED_KEY_IDS, ...METADATA_IDS],
    ],
    [
      'a signature by a key other than the published one (same kid)',
      () => signed({}, { key: strangerKey }),
      {},
      { 'request.signature': 'registration request signature verification failed' },
      UNTRUSTED_CLAIMS,
    ],
    [
      'a "kid" the software JWKS does not have',
      () => signed({}, { header: { kid: 'unknown-kid' } }),
      {},
      { 'request.signature': 'no key in the JWKS matches the registration request\'s "kid" and "alg"' },
      UNTRUSTED_CLAIMS,
    ],
    [
      'a software JWKS that cannot be fetched',
      () => signed(),
      {
        resolverFor: () => async () => {
          throw new JwksFetchError('timeout', 'JWKS request timed out after 5000 ms');
        },
        fetchJwks: async () => {
          throw new JwksFetchError('timeout', 'JWKS request timed out after 5000 ms');
        },
      },
      {
        'request.signature': 'the JWKS for the registration request could not be fetched',
        'certificate.software_jwks': "the software statement's JWKS could not be read to find the transport certificate",
      },
      [...UNTRUSTED_CLAIMS, 'revoked_keys.transport_certificate'],
    ],
    ['another "iss"', () => signed({ iss: 'SomeoneElse0001' }), {}, { 'request.iss': '"iss" must be the software statement\'s "software_id"; got "SomeoneElse0001"' }, []],
    ['no "iss"', () => signed({ iss: undefined }), {}, { 'request.iss': '"iss" is missing' }, []],
    [
      'another "software_id"',
      () => signed({ software_id: 'SomeoneElse0001' }),
      {},
      { 'request.software_id': '"software_id" must be the software statement\'s "software_id"; got "SomeoneElse0001"' },
      [],
    ],
    [
      'another bank\'s "aud"',
      () => signed({ aud: '0015800001OTHERBNK' }),
      {},
      { 'request.aud': `"aud" must include "${TEST_ASPSP_ORG_ID}" or "${TEST_PORTAL_URL}"` },
      [],
    ],
    ['no "aud"', () => signed({ aud: undefined }), {}, { 'request.aud': '"aud" is missing' }, []],
    ['an "aud" of the wrong type', () => signed({ aud: [42] }), {}, { 'request.aud': '"aud" must be a string or an array of strings' }, []],
    [
      'an expired request',
      () => signed({ exp: NOW_SECONDS - 31 }),
      {},
      { 'request.exp': '"exp" is in the past; the registration request has expired' },
      ['request.lifetime', 'request.jti_unique'],
    ],
    ['no "exp"', () => signed({ exp: undefined }), {}, { 'request.exp': '"exp" is missing' }, ['request.lifetime', 'request.jti_unique']],
    ['an "exp" as a string', () => signed({ exp: '1768478700' }), {}, { 'request.exp': '"exp" must be a number of seconds since the epoch' }, ['request.lifetime', 'request.jti_unique']],
    ['an "iat" in the future', () => signed({ iat: NOW_SECONDS + 31 }), {}, { 'request.iat': '"iat" is in the future' }, []],
    ['no "iat"', () => signed({ iat: undefined }), {}, { 'request.iat': '"iat" is missing' }, []],
    ['no "jti"', () => signed({ jti: undefined }), {}, { 'request.jti': '"jti" is missing' }, ['request.jti_unique']],
    ['a "jti" that is not a string', () => signed({ jti: 42 }), {}, { 'request.jti': '"jti" must be a non-empty string' }, ['request.jti_unique']],
    [
      'no transport certificate',
      () => signed(),
      { transportCertificate: { pem: null, caCertificates: [], requireInSoftwareJwks: true, ...TEST_PKI_STATUS } },
      { 'certificate.present': 'no client certificate was presented over mutual TLS' },
      ['certificate.parse', 'certificate.validity', 'certificate.chain', 'certificate.subject', 'certificate.psd2_roles', 'certificate.revocation', 'certificate.software_jwks', 'revoked_keys.transport_certificate'],
    ],
    [
      'a redirect URI outside the SSA',
      () => signed({ redirect_uris: ['https://evil.example/callback'] }),
      {},
      { 'metadata.redirect_uris': '"redirect_uris" must be a subset of the software statement\'s "software_redirect_uris"; got "https://evil.example/callback"' },
      [],
    ],
  ])('refuses %s', async (_label, body, overrides, failures, notRun) => {
    const { report, ssa, metadata, certificate } = await run(await body(), overrides);
    expect(entries(report)).toEqual(expected(failures, notRun));
    expect(report.ok).toBe(false);
    expect([ssa, metadata, certificate]).toEqual([null, null, null]);
  });

  it('includes the SSA\'s own report, and checks nothing that needs the SSA when it fails', async () => {
    const otherDirectoryKey = await createTestSigningKey('PS256', 'directory-ssa-key-1');
    const forgedSsa = await signTestJws(fixture.ssaClaims, otherDirectoryKey);
    const { report, calls } = await run(await signed({ software_statement: forgedSsa }));
    const ssaReport = await validateSoftwareStatement(forgedSsa, {
      now: fixture.now,
      resolveKey: createLocalJWKSet({ keys: [fixture.directoryKey.publicJwk] }),
      trust: { issuers: ['OpenBanking Ltd'], environments: ['sandbox'] },
      policy: { clockToleranceSeconds: 30 },
    });
    expect(firstFailure(ssaReport.report)).toMatchObject({ id: 'ssa.signature', code: 'invalid_software_statement' });
    expect(entries(report)).toEqual(expected({}, [...AFTER_SSA, ...CERTIFICATE_IDS, ...REVOKED_KEY_IDS, ...METADATA_IDS], entries(ssaReport.report)));
    expect(firstFailure(report)).toMatchObject({ id: 'ssa.signature', code: 'invalid_software_statement' });
    expect(calls).toEqual([]);
  });

  describe("the directory's revoked keys (OB-RULES trust over time)", () => {
    const revokedSig = (kid: string): JWK => ({ kty: 'RSA', kid, use: 'sig', n: 'AQAB', e: 'AQAB' });
    const revokedTls = (): JWK => ({ kty: 'RSA', kid: 'old-tls', use: 'tls', n: 'AQAB', e: 'AQAB', x5c: [Buffer.from(fixture.certificates.leaf.certificate.rawData).toString('base64')] });

    it("refuses a request signed by a key on the software's revoked list, and spends its jti (the signature verified)", async () => {
      const { report, ssa, calls } = await run(await signed(), {}, undefined, { software: { keys: [revokedSig('software-sig-key-1')] } });
      expect(entries(report)).toEqual(
        expected({
          'revoked_keys.signing_key': 'the directory has revoked the signing key "software-sig-key-1": it is on the software\'s list of revoked keys ("software_jwks_revoked_endpoint")',
        }),
      );
      expect(firstFailure(report)?.id).toBe('revoked_keys.signing_key');
      expect(ssa).toBeNull();
      expect(calls).toHaveLength(1);
    });

    it("refuses a transport certificate on the organisation's revoked list, which no other check sees", async () => {
      const { report } = await run(await signed(), {}, undefined, { organisation: { keys: [revokedTls()] } });
      expect(entries(report)).toEqual(
        expected({ 'revoked_keys.transport_certificate': 'the directory has revoked this transport certificate: it is on the organisation\'s list of revoked keys ("org_jwks_revoked_endpoint")' }),
      );
      expect(firstFailure(report)?.code).toBe('invalid_software_statement');
    });

    it('refuses, saying why, when a revoked list cannot be read: the keys\' status is unknown', async () => {
      const fetchRevokedKeys = fixture.deps().fetchRevokedKeys;
      const { report } = await run(await signed(), {
        fetchRevokedKeys: async (uri) => {
          if (uri === fixture.revokedJwksEndpoints.software) throw new JwksFetchError('timeout', 'JWKS request timed out after 5000 ms');
          return fetchRevokedKeys(uri);
        },
      });
      const unreadable = (what: string) =>
        `the software's list of revoked keys ("software_jwks_revoked_endpoint") could not be read, so whether this ${what} is revoked cannot be established`;
      expect(entries(report)).toEqual(expected({ 'revoked_keys.signing_key': unreadable('signing key'), 'revoked_keys.transport_certificate': unreadable('transport certificate') }));
    });

    it('does not consult the lists for keys that failed their own checks', async () => {
      const lookups: string[] = [];
      await run(await signed({}, { key: strangerKey }), {
        transportCertificate: { ...fixture.deps().transportCertificate, pem: null },
        fetchRevokedKeys: async (uri) => {
          lookups.push(uri);
          return { keys: [] };
        },
      });
      expect(lookups).toEqual([]);
    });
  });

  describe('the signing key (OB-RULES registration 1: a "use": "sig" key)', () => {
    const withSigKey = (change: (key: JWK) => JWK) => ({
      keys: fixture.softwareJwks.keys.map((key) => (key.use === 'sig' ? change({ ...key }) : key)),
    });

    it('refuses a key that jose accepts because it has no "use", after checking the published JWKS', async () => {
      const jwks = withSigKey(({ use: _use, ...key }) => key);
      const { report, calls } = await run(await signed(), {}, jwks);
      expect(entries(report)).toEqual(
        expected(
          { 'request.signature': 'the key that signed the registration request is not published with "use": "sig" in the software statement\'s JWKS' },
          UNTRUSTED_CLAIMS,
        ),
      );
      expect(calls).toEqual([]);
    });

    it.each(['tls', 'enc'])('refuses a key published with "use": "%s" (jose never selects it)', async (use) => {
      const { report } = await run(await signed(), {}, withSigKey((key) => ({ ...key, use })));
      expect(entries(report)).toEqual(
        expected({ 'request.signature': 'no key in the JWKS matches the registration request\'s "kid" and "alg"' }, UNTRUSTED_CLAIMS),
      );
    });
  });

  // Issue 15: a tls_client_auth DN was taken whatever it named. It must be the presented certificate's subject or that of a
  // transport certificate ("use": "tls", x5c) in the software JWKS, compared as a set of attributes.
  describe('the tls_client_auth subject DN', () => {
    const LEAF = 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB';
    const tls = (dn: string) => ({ token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_signing_alg: undefined, tls_client_auth_subject_dn: dn });

    it("refuses another organisation's DN, naming the software's", async () => {
      const { report, metadata } = await run(await signed(tls('CN=OtherSoftware0009,OU=0015800001OTHERORG,O=OpenBanking,C=GB')));
      expect(entries(report)).toEqual(
        expected({
          'metadata.tls_client_auth_subject_dn': `"tls_client_auth_subject_dn" must be the subject of the software's transport certificate, "${LEAF}"; got "CN=OtherSoftware0009,OU=0015800001OTHERORG,O=OpenBanking,C=GB"`,
        }),
      );
      expect(metadata).toBeNull();
    });

    it('accepts the subject of the presented certificate, though the JWKS publishes another', async () => {
      const obwac = 'CN=0015800001TESTORG,2.5.4.97=PSDGB-OB-Unknown0015800001TESTORG,O=Test TPP Ltd,C=GB';
      const body = await signed(tls(obwac));
      const { report, metadata } = await run(body, {
        transportCertificate: { pem: fixture.certificates.obwac.pem, caCertificates: fixture.certificates.pki.caCertificates, requireInSoftwareJwks: false, ...TEST_PKI_STATUS },
      });
      expect(report.ok).toBe(true);
      expect(metadata?.tlsClientAuthSubjectDn).toBe(obwac);
    });

    it("accepts the JWKS certificate's subject written in another order and case", async () => {
      const { report } = await run(await signed(tls('c=GB,o=openbanking,ou=0015800001testorg,cn=TestSoftware0001')));
      expect(report.ok).toBe(true);
    });
  });

  // Issue 15: an "exp" without an upper bound kept its replay row until then. *policy* maxRegistrationJwtLifetimeSeconds
  // (the fixture's 3600, the default), with the 30 seconds' clock tolerance; an over-long request claims no "jti".
  describe('the lifetime cap (*policy*)', () => {
    const AFTER_IAT = { 'request.lifetime': '"exp" must be at most 60 minutes after "iat"' };
    const FROM_NOW = { 'request.lifetime': '"exp" must be at most 60 minutes from now' };
    const YEAR_9999 = 253_402_300_799;

    it.each<[string, Record<string, unknown>, Partial<ValidateRegistrationRequestDeps>, Record<string, string>]>([
      ['"exp" in the year 9999', { exp: YEAR_9999 }, {}, AFTER_IAT],
      ['"exp" one day after "iat"', { iat: NOW_SECONDS, exp: NOW_SECONDS + 86_400 }, {}, AFTER_IAT],
      ['"exp" just beyond the cap and the tolerance', { iat: NOW_SECONDS - 10, exp: NOW_SECONDS - 10 + 3600 + 31 }, {}, AFTER_IAT],
      ['no "iat" and "exp" two hours from now', { iat: undefined, exp: NOW_SECONDS + 7200 }, {}, { 'request.iat': '"iat" is missing', ...FROM_NOW }],
      ['an "iat" as late as a far "exp"', { iat: YEAR_9999 - 60, exp: YEAR_9999 }, {}, { 'request.iat': '"iat" is in the future', ...FROM_NOW }],
      ['a lower cap from the policy', { iat: NOW_SECONDS, exp: NOW_SECONDS + 600 }, { requestPolicy: { maxLifetimeSeconds: 300 } }, { 'request.lifetime': '"exp" must be at most 5 minutes after "iat"' }],
    ])('refuses %s without claiming its "jti"', async (_label, overrides, deps, failures) => {
      const { report, metadata, calls } = await run(await signed(overrides), deps);
      expect(entries(report)).toEqual(expected(failures, ['request.jti_unique']));
      expect(metadata).toBeNull();
      expect(calls).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['"exp" exactly 60 minutes after "iat"', { iat: NOW_SECONDS, exp: NOW_SECONDS + 3600 }],
      ['"exp" 60 minutes after "iat", plus the clock tolerance', { iat: NOW_SECONDS - 10, exp: NOW_SECONDS - 10 + 3630 }],
    ])('accepts %s', async (_label, overrides) => {
      const { report, calls } = await run(await signed(overrides));
      expect(entries(report)).toEqual(expected());
      expect(calls).toHaveLength(1);
    });
  });

  describe('the replay guard (OB-RULES registration 3)', () => {
    const REPLAYED = { 'request.jti_unique': '"jti" has been used before; the registration request is a replay' };

    it('calls claimJti once per request, with the software-scoped key and the expiry', async () => {
      const { calls } = await run(await signed({ jti: 'registration-0001', exp: 1768479000 }));
      expect(calls).toEqual([{ key: `${fixture.softwareId}:registration-0001`, expiresAt: new Date(1768479000 * 1000) }]);
    });

    it.each<[string, () => Promise<string>]>([
      ['the signature fails', () => signed({}, { key: strangerKey })],
      ['the request is expired', () => signed({ exp: NOW_SECONDS - 60 })],
      ['there is no "jti"', () => signed({ jti: undefined })],
      ['the request is unsigned', async () => `${base64url(JSON.stringify({ alg: 'none', kid: 'software-sig-key-1' }))}.${base64url(JSON.stringify(fixture.claims()))}.`],
    ])('never calls claimJti when %s', async (_label, body) => {
      const { calls, report } = await run(await body());
      expect(calls).toEqual([]);
      expect(report.entries.find((entry) => entry.id === 'request.jti_unique')?.outcome).toBe('not_run');
    });

    it.each<[string, string, string]>([
      ['the same request', '3f6e1c52-8b0d-4a8e-9c1f-2d7b5a9e4c01', '3f6e1c52-8b0d-4a8e-9c1f-2d7b5a9e4c01'],
      ['an upper-case UUID after its lower-case form', '3f6e1c52-8b0d-4a8e-9c1f-2d7b5a9e4c01', '3F6E1C52-8B0D-4A8E-9C1F-2D7B5A9E4C01'],
      ['a lower-case UUID after its upper-case form', 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
    ])('refuses %s (a replay)', async (_label, first, second) => {
      const guard = fixture.createReplayGuard();
      const deps = fixture.deps({ claimJti: guard.claimJti });
      const firstResult = await validateRegistrationRequest(await signed({ jti: first }), deps);
      const secondResult = await validateRegistrationRequest(await signed({ jti: second }), deps);
      expect(firstResult.report.ok).toBe(true);
      expect(entries(secondResult.report)).toEqual(expected(REPLAYED));
      expect(guard.calls.map((call) => call.key)).toEqual([`${fixture.softwareId}:${first.toLowerCase()}`, `${fixture.softwareId}:${first.toLowerCase()}`]);
    });

    it('keeps the case of a "jti" that is not a UUID (opaque)', async () => {
      const guard = fixture.createReplayGuard();
      const deps = fixture.deps({ claimJti: guard.claimJti });
      expect((await validateRegistrationRequest(await signed({ jti: 'Registration-A' }), deps)).report.ok).toBe(true);
      expect((await validateRegistrationRequest(await signed({ jti: 'registration-a' }), deps)).report.ok).toBe(true);
    });

    it('throws when the replay store fails (a fault, answered as server_error)', async () => {
      const deps = fixture.deps({
        claimJti: async () => {
          throw new Error('database unavailable');
        },
      });
      await expect(validateRegistrationRequest(await signed(), deps)).rejects.toThrow('database unavailable');
    });
  });

  it('reports a transport certificate that is not the software\'s with invalid_software_statement', async () => {
    const { pem } = fixture.certificates.otherSoftware;
    const { report } = await run(await signed(), { transportCertificate: { pem, caCertificates: fixture.certificates.pki.caCertificates, requireInSoftwareJwks: true, ...TEST_PKI_STATUS } });
    expect(firstFailure(report)).toEqual(
      expect.objectContaining({
        id: 'certificate.subject',
        code: 'invalid_software_statement',
        description: 'the transport certificate\'s subject does not name the software statement\'s "software_id" and "org_id"',
      }),
    );
  });

  it('leaves out the software JWKS certificate check when the policy is off', async () => {
    const { report } = await run(await signed(), {
      transportCertificate: { pem: fixture.certificates.obwac.pem, caCertificates: fixture.certificates.pki.caCertificates, requireInSoftwareJwks: false, ...TEST_PKI_STATUS },
    });
    expect(report.ok).toBe(true);
    expect(report.entries.map((entry) => entry.id)).not.toContain('certificate.software_jwks');
  });
});

// A JWS whose header lacks "alg" cannot be produced by jose's signer; its signature never matters here.
function unsignedWithHeader(header: Record<string, unknown>): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(fixture.claims()))}.c2ln`;
}
