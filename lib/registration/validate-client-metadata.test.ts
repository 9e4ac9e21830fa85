import { beforeAll, describe, expect, it } from 'vitest';

import { readCertificate } from '@/lib/certificates/read-certificate';
import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import { createTransportCertificates, type TransportCertificates } from '@/lib/testing/registration-fixtures/create-transport-certificates';
import type { ValidationReport } from '@/lib/validation/report';

import {
  CLIENT_METADATA_CHECK_IDS,
  validateClientMetadata,
  type ClientMetadata,
  type RegistrationPolicy,
  type TransportSubjects,
} from './validate-client-metadata';

const SSA = buildTestSsaClaims({
  software_redirect_uris: ['https://test-app.example/callback', 'https://test-app.example/other'],
  software_roles: ['AISP', 'PISP'],
});
const POLICY: RegistrationPolicy = { tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth'] };
const WITH_SECRET: RegistrationPolicy = { tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'] };
// The software's transport certificates, generated around a fixed time: the legacy OB leaf names the SSA's software.
const TEST_NOW = new Date('2026-01-15T12:00:00Z');
let certificates: TransportCertificates;
let transport: TransportSubjects;
beforeAll(async () => {
  certificates = await createTransportCertificates(TEST_NOW, { softwareId: 'TestSoftware0001', orgId: '0015800001TESTORG', orgName: 'Test TPP Ltd' });
  transport = { subjects: [readCertificate(certificates.leaf.pem).subject], missing: 'none is known in this test' };
});

function validate(requested: Record<string, unknown>, ssa: Parameters<typeof validateClientMetadata>[1], policy: RegistrationPolicy, subjects = transport) {
  return validateClientMetadata(requested, ssa, policy, subjects);
}

const MINIMAL = { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'PS256' };

const CODES: Record<string, string> = { 'metadata.redirect_uris': 'invalid_redirect_uri' };
const codeOf = (id: string) => CODES[id] ?? 'invalid_client_metadata';

function entries(report: ValidationReport) {
  return report.entries.map(({ id, outcome, code, description }) => ({ id, outcome, code, description }));
}

function expected(failures: Record<string, string>, notRun: string[] = []) {
  return CLIENT_METADATA_CHECK_IDS.map((id) => {
    if (id in failures) return { id, outcome: 'fail', code: codeOf(id), description: failures[id] };
    return { id, outcome: notRun.includes(id) ? 'not_run' : 'pass', code: codeOf(id), description: undefined };
  });
}

describe('validateClientMetadata', () => {
  it('lists its checks in order', () => {
    expect(CLIENT_METADATA_CHECK_IDS).toEqual([
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
    ]);
  });

  it('substitutes the defaults for everything omitted', async () => {
    const { report, metadata } = await validate(MINIMAL, SSA, POLICY);
    expect(entries(report)).toEqual(expected({}));
    expect(metadata).toEqual<ClientMetadata>({
      redirectUris: ['https://test-app.example/callback', 'https://test-app.example/other'],
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
  });

  it('keeps what the client asked for, normalising repeats and response type order', async () => {
    const { report, metadata } = await validate(
      {
        redirect_uris: ['https://test-app.example/other', 'https://test-app.example/other'],
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: ' CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB ',
        grant_types: ['client_credentials'],
        response_types: ['id_token code', 'code'],
        id_token_signed_response_alg: 'ES256',
        request_object_signing_alg: 'ES256',
        scope: 'openid  accounts accounts',
        application_type: 'mobile',
        client_name: 'ignored: unknown metadata is not an error (RFC 7591 §2)',
        request_object_encryption_alg: null,
      },
      SSA,
      POLICY,
    );
    expect(entries(report)).toEqual(expected({}));
    expect(metadata).toEqual<ClientMetadata>({
      redirectUris: ['https://test-app.example/other'],
      tokenEndpointAuthMethod: 'tls_client_auth',
      tokenEndpointAuthSigningAlg: null,
      tlsClientAuthSubjectDn: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB',
      grantTypes: ['client_credentials'],
      responseTypes: ['code id_token', 'code'],
      idTokenSignedResponseAlg: 'ES256',
      requestObjectSigningAlg: 'ES256',
      scopes: ['openid', 'accounts'],
      applicationType: 'mobile',
    });
  });

  it('treats null as omitted (client libraries write absent fields that way)', async () => {
    const nulls = { redirect_uris: null, grant_types: null, response_types: null, scope: null, application_type: null, id_token_signed_response_alg: null };
    const { report, metadata } = await validate({ ...MINIMAL, ...nulls }, SSA, POLICY);
    expect(report.ok).toBe(true);
    expect(metadata?.scopes).toEqual(['openid', 'accounts', 'payments']);
  });

  it('accepts client_secret_basic only when the policy enables it', async () => {
    const requested = { token_endpoint_auth_method: 'client_secret_basic' };
    expect((await validate(requested, SSA, WITH_SECRET)).metadata?.tokenEndpointAuthMethod).toBe('client_secret_basic');
    expect(entries((await validate(requested, SSA, POLICY)).report)).toEqual(
      expected(
        { 'metadata.token_endpoint_auth_method': '"token_endpoint_auth_method" must be one of private_key_jwt, tls_client_auth; got "client_secret_basic"' },
        ['metadata.token_endpoint_auth_signing_alg', 'metadata.tls_client_auth_subject_dn'],
      ),
    );
  });

  it('checks a signing algorithm or subject DN sent with another method, and keeps it', async () => {
    const { metadata } = await validate({ ...MINIMAL, tls_client_auth_subject_dn: 'CN=x,C=GB' }, SSA, POLICY);
    expect(metadata?.tlsClientAuthSubjectDn).toBe('CN=x,C=GB');
    const refused = await validate({ ...MINIMAL, tls_client_auth_subject_dn: 'not a dn' }, SSA, POLICY);
    expect(entries(refused.report)).toEqual(
      expected({ 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" must be an RFC 4514 distinguished name; got "not a dn"' }),
    );
  });

  // Issue 15: with tls_client_auth, the DN is a subject the software's transport certificates carry, as a set of attributes.
  describe('the tls_client_auth subject DN (OB-RULES registration 5)', () => {
    const TLS = { token_endpoint_auth_method: 'tls_client_auth' };
    const LEAF = 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB';

    it.each<[string, string]>([
      ['the leaf subject as the certificate writes it', LEAF],
      ['in another order and case, with spaces', 'c=gb, o=OpenBanking, ou=0015800001testorg, cn=testsoftware0001'],
    ])('accepts %s', async (_label, dn) => {
      const { report, metadata } = await validate({ ...TLS, tls_client_auth_subject_dn: dn }, SSA, POLICY);
      expect(entries(report)).toEqual(expected({}));
      expect(metadata?.tlsClientAuthSubjectDn).toBe(dn.trim());
    });

    it('accepts the subject of a second transport certificate of the software (an OBWAC)', async () => {
      const subjects = [readCertificate(certificates.leaf.pem).subject, readCertificate(certificates.obwac.pem).subject];
      const dn = 'CN=0015800001TESTORG,2.5.4.97=PSDGB-OB-Unknown0015800001TESTORG,O=Test TPP Ltd,C=GB';
      const { report } = await validate({ ...TLS, tls_client_auth_subject_dn: dn }, SSA, POLICY, { subjects, missing: '' });
      expect(report.ok).toBe(true);
    });

    it.each<[string, string]>([
      ["another organisation's software", 'CN=OtherSoftware0009,OU=0015800001OTHERORG,O=OpenBanking,C=GB'],
      ['another software of the same organisation', 'CN=AnotherSoftware0002,OU=0015800001TESTORG,O=OpenBanking,C=GB'],
      ['a subset of the attributes', 'CN=TestSoftware0001,OU=0015800001TESTORG'],
      ['an extra attribute', `${LEAF},L=London`],
    ])('refuses the DN of %s, naming the expected one', async (_label, dn) => {
      const { report, metadata } = await validate({ ...TLS, tls_client_auth_subject_dn: dn }, SSA, POLICY);
      expect(entries(report)).toEqual(
        expected({
          'metadata.tls_client_auth_subject_dn': `"tls_client_auth_subject_dn" must be the subject of the software's transport certificate, "${LEAF}"; got ${JSON.stringify(dn.length > 64 ? `${dn.slice(0, 64)}…` : dn)}`,
        }),
      );
      expect(metadata).toBeNull();
    });

    it('says so when no transport certificate of the software is known', async () => {
      const { report } = await validate({ ...TLS, tls_client_auth_subject_dn: LEAF }, SSA, POLICY, { subjects: [], missing: 'the JWKS publishes none' });
      expect(entries(report)).toEqual(
        expected({ 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" cannot be checked against the software\'s transport certificate: the JWKS publishes none' }),
      );
    });
  });

  it('refuses a subject DN that the bank could not store (NUL, unpaired surrogate), though it parses', async () => {
    for (const dn of ['CN=a\u0000b,C=GB', 'CN=a\udc00b,C=GB']) {
      const refused = await validate({ ...MINIMAL, tls_client_auth_subject_dn: dn }, SSA, POLICY);
      expect(entries(refused.report)).toEqual(
        expected({ 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" holds a NUL character or an unpaired surrogate' }),
      );
      expect(refused.metadata).toBeNull();
    }
  });

  const AUTH_DEPENDENTS = ['metadata.token_endpoint_auth_signing_alg', 'metadata.tls_client_auth_subject_dn'];

  it.each<[string, Record<string, unknown>, Record<string, string>, string[]?]>([
    // redirect_uris (OB-RULES registration 4)
    ['redirect_uris of the wrong type', { redirect_uris: 'https://test-app.example/callback' }, { 'metadata.redirect_uris': '"redirect_uris" must be an array of strings' }],
    ['redirect_uris with a non-string', { redirect_uris: ['https://test-app.example/callback', 42] }, { 'metadata.redirect_uris': '"redirect_uris" must be an array of strings' }],
    ['empty redirect_uris', { redirect_uris: [] }, { 'metadata.redirect_uris': '"redirect_uris" must not be empty' }],
    [
      'a redirect URI outside the SSA',
      { redirect_uris: ['https://test-app.example/callback', 'https://evil.example/callback'] },
      { 'metadata.redirect_uris': '"redirect_uris" must be a subset of the software statement\'s "software_redirect_uris"; got "https://evil.example/callback"' },
    ],
    [
      'a redirect URI that only differs by a trailing slash',
      { redirect_uris: ['https://test-app.example/callback/'] },
      { 'metadata.redirect_uris': '"redirect_uris" must be a subset of the software statement\'s "software_redirect_uris"; got "https://test-app.example/callback/"' },
    ],
    ['a relative redirect URI', { redirect_uris: ['/callback'] }, { 'metadata.redirect_uris': '"redirect_uris" must contain absolute URLs; got "/callback"' }],
    ['an http redirect URI', { redirect_uris: ['http://test-app.example/callback'] }, { 'metadata.redirect_uris': '"redirect_uris" must use https; got "http://test-app.example/callback"' }],
    ['a custom-scheme redirect URI', { redirect_uris: ['com.tpp.app:/callback'] }, { 'metadata.redirect_uris': '"redirect_uris" must use https; got "com.tpp.app:/callback"' }],
    [
      'a localhost redirect URI',
      { redirect_uris: ['https://localhost:8443/callback'] },
      { 'metadata.redirect_uris': '"redirect_uris" must not point at localhost or a loopback address; got "https://localhost:8443/callback"' },
    ],
    [
      'a loopback IP redirect URI',
      { redirect_uris: ['https://127.0.0.1/callback'] },
      { 'metadata.redirect_uris': '"redirect_uris" must not point at localhost or a loopback address; got "https://127.0.0.1/callback"' },
    ],
    ['an IPv6 loopback redirect URI', { redirect_uris: ['https://[::1]/cb'] }, { 'metadata.redirect_uris': '"redirect_uris" must not point at localhost or a loopback address; got "https://[::1]/cb"' }],
    ['a redirect URI with a fragment', { redirect_uris: ['https://test-app.example/callback#x'] }, { 'metadata.redirect_uris': '"redirect_uris" must not contain a fragment; got "https://test-app.example/callback#x"' }],
    // token_endpoint_auth_method (5)
    ['no token_endpoint_auth_method', { token_endpoint_auth_method: undefined }, { 'metadata.token_endpoint_auth_method': '"token_endpoint_auth_method" is missing' }, AUTH_DEPENDENTS],
    ['a token_endpoint_auth_method of the wrong type', { token_endpoint_auth_method: ['private_key_jwt'] }, { 'metadata.token_endpoint_auth_method': '"token_endpoint_auth_method" must be a string' }, AUTH_DEPENDENTS],
    [
      'an unsupported token_endpoint_auth_method',
      { token_endpoint_auth_method: 'client_secret_post' },
      { 'metadata.token_endpoint_auth_method': '"token_endpoint_auth_method" must be one of private_key_jwt, tls_client_auth; got "client_secret_post"' },
      AUTH_DEPENDENTS,
    ],
    // token_endpoint_auth_signing_alg (5)
    ['private_key_jwt without a signing algorithm', { token_endpoint_auth_signing_alg: undefined }, { 'metadata.token_endpoint_auth_signing_alg': '"token_endpoint_auth_signing_alg" is required with "private_key_jwt"' }],
    ['private_key_jwt with an empty signing algorithm', { token_endpoint_auth_signing_alg: '' }, { 'metadata.token_endpoint_auth_signing_alg': '"token_endpoint_auth_signing_alg" is required with "private_key_jwt"' }],
    ['an RS256 client assertion', { token_endpoint_auth_signing_alg: 'RS256' }, { 'metadata.token_endpoint_auth_signing_alg': '"token_endpoint_auth_signing_alg" must be PS256 or ES256; got "RS256"' }],
    ['a signing algorithm of the wrong type', { token_endpoint_auth_signing_alg: 256 }, { 'metadata.token_endpoint_auth_signing_alg': '"token_endpoint_auth_signing_alg" must be a string' }],
    // tls_client_auth_subject_dn (5)
    [
      'tls_client_auth without a subject DN',
      { token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_signing_alg: undefined },
      { 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" is required with "tls_client_auth"' },
    ],
    [
      'tls_client_auth with a blank subject DN (a form left empty)',
      { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: '' },
      { 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" is required with "tls_client_auth"' },
    ],
    [
      'tls_client_auth with a subject DN that does not parse',
      { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=TestSoftware0001;OU=x' },
      { 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" must be an RFC 4514 distinguished name; got "CN=TestSoftware0001;OU=x"' },
    ],
    [
      'tls_client_auth with a subject DN of the wrong type',
      { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: { CN: 'x' } },
      { 'metadata.tls_client_auth_subject_dn': '"tls_client_auth_subject_dn" must be a string' },
    ],
    // grant_types and response_types (6)
    ['grant_types of the wrong type', { grant_types: 'client_credentials' }, { 'metadata.grant_types': '"grant_types" must be an array of strings' }],
    ['empty grant_types', { grant_types: [] }, { 'metadata.grant_types': '"grant_types" must not be empty' }],
    [
      'the implicit grant',
      { grant_types: ['authorization_code', 'implicit'] },
      { 'metadata.grant_types': '"grant_types" must contain only authorization_code, client_credentials or refresh_token; got "implicit"' },
    ],
    ['response_types of the wrong type', { response_types: 'code id_token' }, { 'metadata.response_types': '"response_types" must be an array of strings' }],
    ['empty response_types', { response_types: [] }, { 'metadata.response_types': '"response_types" must not be empty' }],
    ['the token response type', { response_types: ['code', 'token'] }, { 'metadata.response_types': '"response_types" must contain only "code" or "code id_token"; got "token"' }],
    ['a hybrid response type with token', { response_types: ['code id_token token'] }, { 'metadata.response_types': '"response_types" must contain only "code" or "code id_token"; got "code id_token token"' }],
    // signing algorithms (7)
    ['RS256 ID tokens', { id_token_signed_response_alg: 'RS256' }, { 'metadata.id_token_signed_response_alg': '"id_token_signed_response_alg" must be PS256 or ES256; got "RS256"' }],
    ['unsigned ID tokens', { id_token_signed_response_alg: 'none' }, { 'metadata.id_token_signed_response_alg': '"id_token_signed_response_alg" must be PS256 or ES256; got "none"' }],
    ['RS256 request objects', { request_object_signing_alg: 'RS256' }, { 'metadata.request_object_signing_alg': '"request_object_signing_alg" must be PS256 or ES256; got "RS256"' }],
    ['unsigned request objects', { request_object_signing_alg: 'none' }, { 'metadata.request_object_signing_alg': '"request_object_signing_alg" must be PS256 or ES256; got "none"' }],
    ['a request object algorithm of the wrong type', { request_object_signing_alg: ['PS256'] }, { 'metadata.request_object_signing_alg': '"request_object_signing_alg" must be a string' }],
    // scope (8)
    [
      'a scope the roles do not allow',
      { scope: 'openid accounts fundsconfirmations' },
      { 'metadata.scope': '"scope" must contain only scopes the software statement\'s roles allow (openid, accounts, payments); got "fundsconfirmations"' },
    ],
    ['scope as an array', { scope: ['openid', 'accounts'] }, { 'metadata.scope': '"scope" must be a string of space-separated scopes' }],
    ['a blank scope', { scope: '  ' }, { 'metadata.scope': '"scope" must not be empty' }],
    // application_type (9)
    ['an unknown application_type', { application_type: 'native' }, { 'metadata.application_type': '"application_type" must be "web" or "mobile"; got "native"' }],
    ['an application_type of the wrong type', { application_type: 1 }, { 'metadata.application_type': '"application_type" must be "web" or "mobile"; got a number' }],
  ])('refuses %s', async (_label, overrides, failures, notRun = []) => {
    const requested = Object.fromEntries(Object.entries({ ...MINIMAL, ...overrides }).filter(([, value]) => value !== undefined));
    const { report, metadata } = await validate(requested, SSA, POLICY);
    expect(entries(report)).toEqual(expected(failures, notRun));
    expect(metadata).toBeNull();
  });

  it('reports every independent problem at once', async () => {
    const { report } = await validate(
      { ...MINIMAL, redirect_uris: ['https://evil.example/cb'], grant_types: ['password'], scope: 'openid payments fundsconfirmations', application_type: 'desktop' },
      SSA,
      POLICY,
    );
    expect(report.entries.filter((entry) => entry.outcome === 'fail').map((entry) => entry.id)).toEqual([
      'metadata.redirect_uris',
      'metadata.grant_types',
      'metadata.scope',
      'metadata.application_type',
    ]);
  });

  it.each<[string, string[], string]>([
    ['the SSA has no redirect URIs', [], '"redirect_uris" is missing and the software statement has no "software_redirect_uris" to default to'],
    ['one of the SSA\'s URIs is http', ['https://test-app.example/callback', 'http://test-app.example/plain'], 'the software statement\'s "software_redirect_uris" must use https; got "http://test-app.example/plain"'],
    ['one of the SSA\'s URIs is loopback', ['https://localhost/cb'], 'the software statement\'s "software_redirect_uris" must not point at localhost or a loopback address; got "https://localhost/cb"'],
  ])('refuses to default redirect_uris when %s', async (_label, uris, description) => {
    const { report } = await validate(MINIMAL, buildTestSsaClaims({ software_redirect_uris: uris }), POLICY);
    expect(entries(report)).toEqual(expected({ 'metadata.redirect_uris': description }));
  });

  // OB-RULES registration 4: a redirect URI is a normalised absolute https URL, whatever the SSA lists. Each case is in the
  // SSA, so the subset rule alone would take it; asked for, and defaulted to from the SSA, it is refused the same way.
  const MARKUP = 'must not contain markup, quotes, whitespace or control characters';
  it.each<[string, string, string]>([
    ['markup after a quote', 'https://tpp.example/cb"><script>', `${MARKUP}; got "https://tpp.example/cb\\"><script>"`],
    ['a single quote', "https://tpp.example/cb'onload='x", `${MARKUP}; got "https://tpp.example/cb'onload='x"`],
    ['a backtick', 'https://tpp.example/cb`x`', `${MARKUP}; got "https://tpp.example/cb\`x\`"`],
    ['a space', 'https://tpp.example/c b', `${MARKUP}; got "https://tpp.example/c b"`],
    ['a trailing newline', 'https://tpp.example/cb\n', `${MARKUP}; got "https://tpp.example/cb\\n"`],
    ['a control character', 'https://tpp.example/cb\u0007', `${MARKUP}; got "https://tpp.example/cb\\u0007"`],
    ['a character the parser percent-encodes', 'https://tpp.example/c{b}', 'must be normalised URLs; got "https://tpp.example/c{b}", which normalises to "https://tpp.example/c%7Bb%7D"'],
    ['a non-ASCII path', 'https://tpp.example/café', 'must be normalised URLs; got "https://tpp.example/café", which normalises to "https://tpp.example/caf%C3%A9"'],
    ['a non-ASCII host', 'https://tpp.éxample/cb', 'must be normalised URLs; got "https://tpp.éxample/cb", which normalises to "https://tpp.xn--xample-9ua/cb"'],
    ['an upper-case host', 'https://TPP.example/cb', 'must be normalised URLs; got "https://TPP.example/cb", which normalises to "https://tpp.example/cb"'],
    ['the default port', 'https://tpp.example:443/cb', 'must be normalised URLs; got "https://tpp.example:443/cb", which normalises to "https://tpp.example/cb"'],
    ['dot segments', 'https://tpp.example/a/../cb', 'must be normalised URLs; got "https://tpp.example/a/../cb", which normalises to "https://tpp.example/cb"'],
    ['a backslash', 'https://tpp.example\\cb', 'must be normalised URLs; got "https://tpp.example\\\\cb", which normalises to "https://tpp.example/cb"'],
    ['credentials', 'https://tpp:secret@tpp.example/cb', 'must not contain a user name or password'],
  ])('refuses a redirect URI with %s, asked for or defaulted from the SSA', async (_label, uri, problem) => {
    const ssa = buildTestSsaClaims({ software_redirect_uris: ['https://test-app.example/callback', uri] });
    const asked = await validate({ ...MINIMAL, redirect_uris: [uri] }, ssa, POLICY);
    expect(entries(asked.report)).toEqual(expected({ 'metadata.redirect_uris': `"redirect_uris" ${problem}` }));
    expect(asked.metadata).toBeNull();
    const defaulted = await validate(MINIMAL, ssa, POLICY);
    expect(entries(defaulted.report)).toEqual(expected({ 'metadata.redirect_uris': `the software statement's "software_redirect_uris" ${problem}` }));
  });

  it.each<[string, string]>([
    ['a bare origin, which normalises with a trailing "/"', 'https://tpp.example'],
    ['the origin with its "/"', 'https://tpp.example/'],
    ['a query and percent-encoded characters', 'https://tpp.example/cb?state=a%20b&x=%7C'],
    ['a port other than the default', 'https://tpp.example:8443/cb'],
  ])('accepts %s', async (_label, uri) => {
    const { report, metadata } = await validate({ ...MINIMAL, redirect_uris: [uri] }, buildTestSsaClaims({ software_redirect_uris: [uri] }), POLICY);
    expect(entries(report)).toEqual(expected({}));
    expect(metadata?.redirectUris).toEqual([uri]);
  });

  it.each<[string[], string[]]>([
    [['AISP'], ['openid', 'accounts']],
    [['PISP'], ['openid', 'payments']],
    [['CBPII'], ['openid', 'fundsconfirmations']],
    [['AISP', 'PISP', 'CBPII'], ['openid', 'accounts', 'payments', 'fundsconfirmations']],
  ])('defaults scope for roles %j to %j', async (roles, scopes) => {
    const { metadata } = await validate(MINIMAL, buildTestSsaClaims({ software_roles: roles }), POLICY);
    expect(metadata?.scopes).toEqual(scopes);
  });

  it('refuses a scope of another role', async () => {
    const { report } = await validate({ ...MINIMAL, scope: 'openid accounts' }, buildTestSsaClaims({ software_roles: ['PISP'] }), POLICY);
    expect(entries(report)).toEqual(
      expected({ 'metadata.scope': '"scope" must contain only scopes the software statement\'s roles allow (openid, payments); got "accounts"' }),
    );
  });
});
