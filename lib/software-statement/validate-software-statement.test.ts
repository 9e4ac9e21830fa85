import { base64url, CompactSign, createLocalJWKSet, errors } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createJwksResolverFactory } from '@/lib/keys/create-jwks-resolver-factory';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { KeyResolver } from '@/lib/keys/key-resolver';
import { buildSoftwareStatementClaims, TEST_SSA_IAT, TEST_SSA_NOW } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import type { ReportEntry, ValidationReport } from '@/lib/validation/report';
import { SSA_MAX_BYTES } from './ssa-max-bytes';
import {
  SOFTWARE_STATEMENT_CHECKS,
  validateSoftwareStatement,
  type SoftwareStatementPolicy,
  type ValidateSoftwareStatementDeps,
} from './validate-software-statement';

const ALL_IDS = [
  'ssa.present',
  'ssa.size',
  'ssa.structure',
  'ssa.alg',
  'ssa.kid',
  'ssa.signature',
  'ssa.iss',
  'ssa.iat',
  'ssa.claim.software_id',
  'ssa.claim.software_client_name',
  'ssa.claim.software_roles',
  'ssa.claim.software_redirect_uris',
  'ssa.claim.software_jwks_endpoint',
  'ssa.claim.org_id',
  'ssa.claim.org_name',
  'ssa.claim.org_status',
  'ssa.claim.software_environment',
  'ssa.org_status',
  'ssa.software_environment',
  'ssa.software_roles',
];
const NOW_SECONDS = Math.floor(TEST_SSA_NOW.getTime() / 1000);
const TOLERANCE = 30;
const INVALID = 'invalid_software_statement';
const UNAPPROVED = 'unapproved_software_statement';

let psKey: TestSigningKey;
let esKey: TestSigningKey;
let rsKey: TestSigningKey;
let impostorKey: TestSigningKey;
let strangerKey: TestSigningKey;
let resolveKey: KeyResolver;

beforeAll(async () => {
  [psKey, esKey, rsKey, impostorKey, strangerKey] = await Promise.all([
    createTestSigningKey('PS256', 'directory-ps256'),
    createTestSigningKey('ES256', 'directory-es256'),
    createTestSigningKey('RS256', 'directory-rs256'),
    // Same kid as the directory's key, different key material.
    createTestSigningKey('PS256', 'directory-ps256'),
    createTestSigningKey('PS256', 'not-in-the-jwks'),
  ]);
  // The RS256 key is in the JWKS too: an RS256 SSA must fail on its "alg", not for want of a key.
  resolveKey = createLocalJWKSet({ keys: [psKey.publicJwk, esKey.publicJwk, rsKey.publicJwk] });
});

function deps(overrides: { resolveKey?: KeyResolver; policy?: Partial<SoftwareStatementPolicy>; environments?: string[] } = {}): ValidateSoftwareStatementDeps {
  return {
    now: TEST_SSA_NOW,
    resolveKey: overrides.resolveKey ?? resolveKey,
    trust: { issuers: ['OpenBanking Ltd'], environments: overrides.environments ?? ['sandbox'] },
    policy: { clockToleranceSeconds: TOLERANCE, ...overrides.policy },
  };
}

function signSsa(overrides: Record<string, unknown> = {}, key: TestSigningKey = psKey, header: Record<string, unknown> = {}): Promise<string> {
  return signTestJws(buildSoftwareStatementClaims(overrides), key, header);
}

function encodeJson(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

function entryOf(report: ValidationReport, id: string): ReportEntry {
  const entry = report.entries.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`no report entry ${id}`);
  return entry;
}

function outcomeOf(report: ValidationReport, id: string) {
  return entryOf(report, id).outcome;
}

/** Asserts the report lists every check in order, the named entry failed as given, and `expected` outcomes of others. */
function expectReport(
  report: ValidationReport,
  failure: { id: string; code: string; description: string },
  token: unknown,
  expected: { notRunFrom?: string; passed?: string[] } = {},
) {
  expect(report.entries.map((entry) => entry.id)).toEqual(ALL_IDS);
  expect(report.ok).toBe(false);
  const entry = entryOf(report, failure.id);
  expect({ id: entry.id, outcome: entry.outcome, code: entry.code, description: entry.description }).toEqual({ ...failure, outcome: 'fail' });
  expect(entry.hint).not.toBe('');
  if (expected.notRunFrom) {
    const later = ALL_IDS.slice(ALL_IDS.indexOf(expected.notRunFrom));
    expect(later.map((id) => [id, outcomeOf(report, id)])).toEqual(later.map((id) => [id, 'not_run']));
    const earlier = ALL_IDS.slice(0, ALL_IDS.indexOf(expected.notRunFrom));
    expect(earlier.every((id) => outcomeOf(report, id) !== 'not_run')).toBe(true);
  }
  for (const id of expected.passed ?? []) expect([id, outcomeOf(report, id)]).toEqual([id, 'pass']);
  // Never echo the token (or any long part of it) back.
  if (typeof token === 'string' && token.length > 20) {
    const text = JSON.stringify(report);
    for (const segment of token.split('.').filter((part) => part.length > 20)) expect(text).not.toContain(segment);
  }
}

describe('validateSoftwareStatement', () => {
  it('lists the checks in the documented order', () => {
    expect(SOFTWARE_STATEMENT_CHECKS.map((check) => check.id)).toEqual(ALL_IDS);
  });

  it.each([
    ['PS256', () => psKey],
    ['ES256', () => esKey],
  ])('passes every check of a valid %s SSA and returns its claims', async (_alg, key) => {
    const claims = buildSoftwareStatementClaims();
    const { report, claims: validated } = await validateSoftwareStatement(await signTestJws(claims, key()), deps());
    expect(report.entries.map((entry) => [entry.id, entry.outcome])).toEqual(ALL_IDS.map((id) => [id, 'pass']));
    expect(report.ok).toBe(true);
    expect(report.entries.every((entry) => entry.description === undefined)).toBe(true);
    expect(validated).toEqual({
      iss: 'OpenBanking Ltd',
      iat: TEST_SSA_IAT,
      jti: claims.jti,
      software_id: claims.software_id,
      software_client_name: 'Test App',
      software_roles: ['AISP', 'PISP'],
      software_redirect_uris: ['https://test-app.example/callback'],
      software_jwks_endpoint: claims.software_jwks_endpoint,
      software_jwks_revoked_endpoint: claims.software_jwks_revoked_endpoint,
      org_id: claims.org_id,
      org_name: 'Test TPP Ltd',
      org_status: 'Active',
      org_jwks_endpoint: claims.org_jwks_endpoint,
      org_jwks_revoked_endpoint: claims.org_jwks_revoked_endpoint,
      software_environment: 'sandbox',
      raw: claims,
    });
  });

  it('leaves out optional claims the SSA does not carry', async () => {
    const token = await signSsa({ jti: undefined, org_jwks_endpoint: undefined, software_jwks_revoked_endpoint: 42 });
    const { claims } = await validateSoftwareStatement(token, deps());
    expect(claims).not.toBeNull();
    expect(claims && ['jti', 'org_jwks_endpoint', 'software_jwks_revoked_endpoint'].filter((name) => name in claims)).toEqual([]);
  });

  describe('presence, size and structure: a failure stops everything after it', () => {
    const validPayload = () => encodeJson(buildSoftwareStatementClaims());
    const psHeader = () => encodeJson({ alg: 'PS256', kid: 'directory-ps256' });
    const notCompact = 'software statement must be a compact JWS: three base64url parts separated by "."';
    const badHeader = 'software statement header is not a base64url-encoded JSON object';
    const badPayload = 'software statement is not a valid compact JWS';

    it.each<[string, () => Promise<unknown> | unknown, string, string]>([
      ['undefined', () => undefined, 'ssa.present', 'software statement is missing'],
      ['an empty string', () => '', 'ssa.present', 'software statement is missing'],
      ['a number', () => 42, 'ssa.present', 'software statement is missing'],
      ['one byte over 64 KiB', () => 'a'.repeat(SSA_MAX_BYTES + 1), 'ssa.size', `software statement exceeds ${SSA_MAX_BYTES} bytes`],
      ['under 64 KiB in characters but over in UTF-8 bytes', () => 'é'.repeat(40_000), 'ssa.size', `software statement exceeds ${SSA_MAX_BYTES} bytes`],
      ['a signed SSA padded past 64 KiB', () => signSsa({ padding: 'x'.repeat(SSA_MAX_BYTES) }), 'ssa.size', `software statement exceeds ${SSA_MAX_BYTES} bytes`],
      ['exactly 64 KiB of garbage (passes size, fails structure)', () => 'a'.repeat(SSA_MAX_BYTES), 'ssa.structure', notCompact],
      ['not a JWT ("hello")', () => 'hello', 'ssa.structure', notCompact],
      ['a two-part token', () => `${psHeader()}.${validPayload()}`, 'ssa.structure', notCompact],
      ['a five-part (JWE-shaped) token', () => 'a.b.c.d.e', 'ssa.structure', notCompact],
      ['a signature that is not base64url', async () => `${await signSsa()}!`, 'ssa.structure', notCompact],
      ['padded base64', async () => `${await signSsa()}==`, 'ssa.structure', notCompact],
      ['surrounding whitespace', async () => ` ${await signSsa()}\n`, 'ssa.structure', notCompact],
      ['a header that is not JSON', () => `${base64url.encode('not json')}.${validPayload()}.c2ln`, 'ssa.structure', badHeader],
      ['a header that is a JSON array', () => `${encodeJson(['PS256'])}.${validPayload()}.c2ln`, 'ssa.structure', badHeader],
      ['an empty header', () => `.${validPayload()}.c2ln`, 'ssa.structure', badHeader],
      ['a payload that is not JSON', () => `${psHeader()}.${base64url.encode('not json')}.c2ln`, 'ssa.structure', badPayload],
      ['a payload that is a JSON array', () => `${psHeader()}.${encodeJson([1, 2])}.c2ln`, 'ssa.structure', badPayload],
      ['an empty payload', () => `${psHeader()}..c2ln`, 'ssa.structure', badPayload],
      // jsonb cannot hold NUL, and a lone surrogate is not UTF-8: refused here rather than failing the write later.
      ['a signed SSA with NUL in a claim', () => signSsa({ software_client_name: 'Acme\u0000' }), 'ssa.structure', 'software statement claim "software_client_name" holds a NUL character or an unpaired surrogate'],
      ['a signed SSA with a lone surrogate deep in a claim', () => signSsa({ software_redirect_uris: ['https://tpp.example/cb', 'https://tpp.example/\ud800'] }), 'ssa.structure', 'software statement claim "software_redirect_uris[1]" holds a NUL character or an unpaired surrogate'],
    ])('fails on %s', async (_label, makeToken, id, description) => {
      const token = await makeToken();
      const { report, claims } = await validateSoftwareStatement(token, deps());
      const next = ALL_IDS[ALL_IDS.indexOf(id) + 1];
      expectReport(report, { id, code: INVALID, description }, token, { notRunFrom: next });
      expect(claims).toBeNull();
    });
  });

  describe('header: "alg" and "kid" both run; a failure of either stops the signature and every claim check', () => {
    const payload = () => encodeJson(buildSoftwareStatementClaims());
    const unsigned = 'software statement is unsigned ("alg" is "none"); it must be signed PS256 or ES256';

    it.each<[string, () => Promise<string> | string, { alg?: string; kid?: string }]>([
      ['alg none, no kid (the classic unsigned token)', () => `eyJhbGciOiJub25lIn0.${payload()}.`, { alg: unsigned, kid: 'software statement header has no "kid"' }],
      ['alg none with a kid', () => `${encodeJson({ alg: 'none', kid: 'directory-ps256' })}.${payload()}.`, { alg: unsigned }],
      ['alg "None" (case games)', () => `${encodeJson({ alg: 'None', kid: 'directory-ps256' })}.${payload()}.`, { alg: '"alg" must be PS256 or ES256; got "None"' }],
      [
        'HS256 (a shared secret)',
        () =>
          new CompactSign(new TextEncoder().encode(JSON.stringify(buildSoftwareStatementClaims())))
            .setProtectedHeader({ alg: 'HS256', kid: 'directory-ps256' })
            .sign(new TextEncoder().encode('a-shared-secret-of-thirty-two-bytes!')),
        { alg: '"alg" must be PS256 or ES256; got "HS256"' },
      ],
      ['RS256', () => signSsa({}, rsKey), { alg: '"alg" must be PS256 or ES256; got "RS256"' }],
      ['no alg', () => `${encodeJson({ kid: 'directory-ps256' })}.${payload()}.c2ln`, { alg: 'software statement header has no "alg"' }],
      ['a numeric alg', () => `${encodeJson({ alg: 256, kid: 'directory-ps256' })}.${payload()}.c2ln`, { alg: '"alg" must be a string' }],
      ['a long unknown alg (echo truncated)', () => `${encodeJson({ alg: 'X'.repeat(100), kid: 'k' })}.${payload()}.c2ln`, { alg: `"alg" must be PS256 or ES256; got "${'X'.repeat(64)}…"` }],
      ['no kid', () => signSsa({}, psKey, { kid: undefined }), { kid: 'software statement header has no "kid"' }],
      ['an empty kid', () => signSsa({}, psKey, { kid: '' }), { kid: '"kid" must be a non-empty string' }],
      ['a numeric kid', () => signSsa({}, psKey, { kid: 7 }), { kid: '"kid" must be a non-empty string' }],
    ])('fails on %s', async (_label, makeToken, failures) => {
      const token = await makeToken();
      const { report, claims } = await validateSoftwareStatement(token, deps());
      const first = failures.alg ? 'ssa.alg' : 'ssa.kid';
      expectReport(report, { id: first, code: INVALID, description: (failures.alg ?? failures.kid) as string }, token, {
        notRunFrom: 'ssa.signature',
        passed: ['ssa.present', 'ssa.size', 'ssa.structure'],
      });
      const kid = entryOf(report, 'ssa.kid');
      expect([kid.outcome, kid.description]).toEqual(failures.kid ? ['fail', failures.kid] : ['pass', undefined]);
      const alg = entryOf(report, 'ssa.alg');
      expect([alg.outcome, alg.description]).toEqual(failures.alg ? ['fail', failures.alg] : ['pass', undefined]);
      expect(claims).toBeNull();
    });
  });

  describe('signature: a failure leaves every claim check not run', () => {
    const noMatchingKey = 'no key in the JWKS matches the software statement\'s "kid" and "alg"';

    it.each<[string, () => Promise<string>, string, (() => KeyResolver)?]>([
      [
        'a tampered payload (a claim flipped after signing)',
        async () => {
          const [header, , signature] = (await signSsa()).split('.');
          return `${header}.${encodeJson(buildSoftwareStatementClaims({ org_id: '0015800001OTHERORG' }))}.${signature}`;
        },
        'software statement signature verification failed',
      ],
      [
        'a tampered header (kid swapped to another directory key of the same type)',
        async () => {
          const [, payload, signature] = (await signSsa({}, esKey)).split('.');
          return `${encodeJson({ alg: 'ES256', kid: 'directory-es256', typ: 'JWT', x: 1 })}.${payload}.${signature}`;
        },
        'software statement signature verification failed',
      ],
      ['a signature by another key with the same kid', () => signSsa({}, impostorKey), 'software statement signature verification failed'],
      ['a truncated signature', async () => (await signSsa()).slice(0, -10), 'software statement signature verification failed'],
      ['an unknown kid', () => signSsa({}, strangerKey), noMatchingKey],
      ['a kid whose key is of another type (EC key named for a PS256 SSA)', () => signSsa({}, psKey, { kid: 'directory-es256' }), noMatchingKey],
      [
        'an unreachable directory JWKS (JwksFetchError)',
        () => signSsa(),
        'the JWKS for the software statement could not be fetched',
        () => async () => {
          throw new JwksFetchError('timeout', 'JWKS request timed out after 5000 ms');
        },
      ],
      [
        "jose's JWKS timeout",
        () => signSsa(),
        'the JWKS for the software statement could not be fetched in time',
        () => async () => {
          throw new errors.JWKSTimeout();
        },
      ],
      [
        'a directory JWKS that is not a JWKS',
        () => signSsa(),
        'the JWKS for the software statement is not a valid JSON Web Key Set',
        () => async () => {
          throw new errors.JWKSInvalid();
        },
      ],
    ])('fails on %s', async (_label, makeToken, description, makeResolver) => {
      const token = await makeToken();
      const { report, claims } = await validateSoftwareStatement(token, deps(makeResolver ? { resolveKey: makeResolver() } : {}));
      expectReport(report, { id: 'ssa.signature', code: INVALID, description }, token, {
        notRunFrom: 'ssa.iss',
        passed: ['ssa.present', 'ssa.size', 'ssa.structure', 'ssa.alg', 'ssa.kid'],
      });
      expect(claims).toBeNull();
    });

    it('does not evaluate the claims of a badly signed SSA, however wrong they are', async () => {
      const token = await signSsa({ iss: 'Evil Ltd', org_status: 'Revoked', software_id: undefined }, impostorKey);
      const { report } = await validateSoftwareStatement(token, deps());
      expect(report.entries.filter((entry) => entry.outcome === 'fail').map((entry) => entry.id)).toEqual(['ssa.signature']);
    });

    it('lets a fault of the key resolver (not jose, not the JWKS fetch) propagate', async () => {
      const fault = new Error('database down');
      const failing: KeyResolver = async () => {
        throw fault;
      };
      await expect(validateSoftwareStatement(await signSsa(), deps({ resolveKey: failing }))).rejects.toBe(fault);
    });
  });

  describe('"iss" and "iat"', () => {
    it.each<[string, Record<string, unknown>, string, string, Partial<SoftwareStatementPolicy>?]>([
      ['an untrusted issuer', { iss: 'Evil Ltd' }, 'ssa.iss', '"iss" must be a trusted software statement issuer; got "Evil Ltd"'],
      ['a long untrusted issuer (echo truncated)', { iss: 'E'.repeat(80) }, 'ssa.iss', `"iss" must be a trusted software statement issuer; got "${'E'.repeat(64)}…"`],
      ['an issuer differing in case', { iss: 'openbanking ltd' }, 'ssa.iss', '"iss" must be a trusted software statement issuer; got "openbanking ltd"'],
      ['a missing issuer', { iss: undefined }, 'ssa.iss', '"iss" is missing'],
      ['a numeric issuer', { iss: 7 }, 'ssa.iss', '"iss" must be a string'],
      ['a missing iat', { iat: undefined }, 'ssa.iat', '"iat" is missing'],
      ['an iat as a string', { iat: String(TEST_SSA_IAT) }, 'ssa.iat', '"iat" must be a number of seconds since the epoch'],
      ['an iat of null', { iat: null }, 'ssa.iat', '"iat" must be a number of seconds since the epoch'],
      ['an iat in milliseconds', { iat: TEST_SSA_IAT * 1000 }, 'ssa.iat', '"iat" is in milliseconds; the directory must issue it in seconds'],
      ['a fractional iat', { iat: TEST_SSA_IAT + 0.5 }, 'ssa.iat', '"iat" must be a whole number of seconds'],
      ['an iat beyond the clock tolerance', { iat: NOW_SECONDS + TOLERANCE + 1 }, 'ssa.iat', '"iat" is in the future'],
      ['an iat older than the maximum age', { iat: NOW_SECONDS - 3_600 - TOLERANCE - 1 }, 'ssa.iat', '"iat" is older than the maximum age of 3600 seconds', { maxAgeSeconds: 3_600 }],
    ])('fails on %s', async (_label, overrides, id, description, policy) => {
      const token = await signSsa(overrides);
      const { report, claims } = await validateSoftwareStatement(token, deps({ policy }));
      const code = id === 'ssa.iss' ? UNAPPROVED : INVALID;
      expectReport(report, { id, code, description }, token);
      // Claim checks are independent: everything else still ran and passed.
      expect(report.entries.filter((entry) => entry.outcome !== 'pass').map((entry) => entry.id)).toEqual([id]);
      expect(claims).toBeNull();
    });

    it.each<[string, number, Partial<SoftwareStatementPolicy>?]>([
      ['an iat right now', NOW_SECONDS],
      ['an iat in the future within the clock tolerance', NOW_SECONDS + TOLERANCE],
      ['a years-old iat when no maximum age is set', NOW_SECONDS - 10 * 365 * 86_400],
      ['an iat exactly at the maximum age (plus tolerance)', NOW_SECONDS - 3_600 - TOLERANCE, { maxAgeSeconds: 3_600 }],
    ])('accepts %s', async (_label, iat, policy) => {
      const { report } = await validateSoftwareStatement(await signSsa({ iat }), deps({ policy }));
      expect(entryOf(report, 'ssa.iat').outcome).toBe('pass');
      expect(report.ok).toBe(true);
    });
  });

  describe('required claims: one entry per claim, presence and type', () => {
    const dependentRule: Record<string, string> = {
      org_status: 'ssa.org_status',
      software_environment: 'ssa.software_environment',
      software_roles: 'ssa.software_roles',
    };
    const missing = [
      'software_id',
      'software_client_name',
      'software_roles',
      'software_redirect_uris',
      'software_jwks_endpoint',
      'org_id',
      'org_name',
      'org_status',
      'software_environment',
    ].map((claim): [string, string, unknown, string] => [claim, 'missing', undefined, `"${claim}" is missing`]);
    const wrongType: [string, string, unknown, string][] = [
      ['software_id', 'a number', 42, '"software_id" must be a non-empty string'],
      ['software_id', 'empty', '', '"software_id" must be a non-empty string'],
      ['software_client_name', 'a number', 42, '"software_client_name" must be a string'],
      ['software_roles', 'a string', 'AISP', '"software_roles" must be an array of strings'],
      ['software_roles', 'an array with a number', ['AISP', 1], '"software_roles" must be an array of strings'],
      ['software_roles', 'an empty array', [], '"software_roles" must not be empty'],
      ['software_redirect_uris', 'a string', 'https://test-app.example/callback', '"software_redirect_uris" must be an array of absolute URLs'],
      ['software_redirect_uris', 'a relative URL', ['/callback'], '"software_redirect_uris" must be an array of absolute URLs'],
      ['software_redirect_uris', 'an array with a number', [1], '"software_redirect_uris" must be an array of absolute URLs'],
      ['software_jwks_endpoint', 'an ftp URL', 'ftp://keystore.example/x.jwks', '"software_jwks_endpoint" must be an absolute https or http URL'],
      ['software_jwks_endpoint', 'a relative URL', 'keystore/x.jwks', '"software_jwks_endpoint" must be an absolute https or http URL'],
      ['software_jwks_endpoint', 'an array', ['https://keystore.example/x.jwks'], '"software_jwks_endpoint" must be an absolute https or http URL'],
      ['org_id', 'a number', 1234, '"org_id" must be a non-empty string'],
      ['org_id', 'empty', '', '"org_id" must be a non-empty string'],
      ['org_name', 'an object', { name: 'x' }, '"org_name" must be a string'],
      ['org_status', 'a boolean', true, '"org_status" must be a string'],
      ['software_environment', 'null', null, '"software_environment" must be a string'],
    ];

    it.each([...missing, ...wrongType])('fails "%s" when %s', async (claim, _label, value, description) => {
      const token = await signSsa({ [claim]: value });
      const { report, claims } = await validateSoftwareStatement(token, deps());
      const id = `ssa.claim.${claim}`;
      expectReport(report, { id, code: INVALID, description }, token);
      const dependent = dependentRule[claim];
      const notPassing = report.entries.filter((entry) => entry.outcome !== 'pass').map((entry) => [entry.id, entry.outcome]);
      expect(notPassing).toEqual(dependent ? [[id, 'fail'], [dependent, 'not_run']] : [[id, 'fail']]);
      expect(claims).toBeNull();
    });

    it('accepts an empty "software_redirect_uris" and an http jwks endpoint', async () => {
      const token = await signSsa({ software_redirect_uris: [], software_jwks_endpoint: 'http://localhost:4000/keystore/x.jwks' });
      expect((await validateSoftwareStatement(token, deps())).report.ok).toBe(true);
    });
  });

  describe('business rules', () => {
    it.each<[string, Record<string, unknown>, string, string, string, string[]?]>([
      ['an organisation that is not Active', { org_status: 'Revoked' }, 'ssa.org_status', UNAPPROVED, '"org_status" must be "Active"; got "Revoked"'],
      ['an org_status differing in case', { org_status: 'active' }, 'ssa.org_status', UNAPPROVED, '"org_status" must be "Active"; got "active"'],
      ['a production SSA on a sandbox portal', { software_environment: 'production' }, 'ssa.software_environment', UNAPPROVED, '"software_environment" must be "sandbox"; got "production"'],
      [
        'an environment not in a list of two',
        { software_environment: 'test' },
        'ssa.software_environment',
        UNAPPROVED,
        '"software_environment" must be "sandbox" or "production"; got "test"',
        ['sandbox', 'production'],
      ],
      ['an unknown role', { software_roles: ['AISP', 'ASPSP'] }, 'ssa.software_roles', INVALID, '"software_roles" must contain only AISP, PISP or CBPII; got "ASPSP"'],
      ['lower-case roles', { software_roles: ['aisp', 'PISP', 'cbpii'] }, 'ssa.software_roles', INVALID, '"software_roles" must contain only AISP, PISP or CBPII; got "aisp", "cbpii"'],
    ])('fails on %s', async (_label, overrides, id, code, description, environments) => {
      const token = await signSsa(overrides);
      const { report, claims } = await validateSoftwareStatement(token, deps({ environments }));
      expectReport(report, { id, code, description }, token);
      expect(report.entries.filter((entry) => entry.outcome !== 'pass').map((entry) => entry.id)).toEqual([id]);
      expect(claims).toBeNull();
    });

    it('accepts a production SSA where production is accepted', async () => {
      const token = await signSsa({ software_environment: 'production', software_roles: ['CBPII'] });
      const { report, claims } = await validateSoftwareStatement(token, deps({ environments: ['production'] }));
      expect(report.ok).toBe(true);
      expect(claims?.software_environment).toBe('production');
    });

    it('reports every claim problem of a verified SSA at once', async () => {
      const token = await signSsa({ iss: 'Evil Ltd', iat: TEST_SSA_IAT * 1000, org_name: undefined, org_status: 'Suspended', software_environment: 'production', software_roles: ['XS2A'] });
      const { report } = await validateSoftwareStatement(token, deps());
      expect(report.entries.filter((entry) => entry.outcome === 'fail').map((entry) => [entry.id, entry.code])).toEqual([
        ['ssa.iss', UNAPPROVED],
        ['ssa.iat', INVALID],
        ['ssa.claim.org_name', INVALID],
        ['ssa.org_status', UNAPPROVED],
        ['ssa.software_environment', UNAPPROVED],
        ['ssa.software_roles', INVALID],
      ]);
    });
  });

  describe('through the real guarded JWKS resolver', () => {
    let server: TestJwksServer;
    beforeAll(async () => {
      server = await startJwksServer();
      server.serve('/keystore/openbanking.jwks', { body: { keys: [psKey.publicJwk] } });
    });
    afterAll(() => server.close());

    it('validates an SSA signed by a key in the served directory JWKS', async () => {
      const resolverFor = createJwksResolverFactory({ allowedHosts: [server.host] });
      const { report } = await validateSoftwareStatement(await signSsa(), deps({ resolveKey: resolverFor(server.url('/keystore/openbanking.jwks')) }));
      expect(report.ok).toBe(true);
      expect(server.requestCount('/keystore/openbanking.jwks')).toBe(1);
    });

    it('fails the signature check, without any request, when the JWKS host is not allow-listed', async () => {
      const before = server.requestCount();
      const resolverFor = createJwksResolverFactory({ allowedHosts: ['keystore.openbanking.org.uk'] });
      const token = await signSsa();
      const { report } = await validateSoftwareStatement(token, deps({ resolveKey: resolverFor(server.url('/keystore/openbanking.jwks')) }));
      expectReport(report, { id: 'ssa.signature', code: INVALID, description: 'the JWKS for the software statement could not be fetched' }, token, {
        notRunFrom: 'ssa.iss',
      });
      expect(server.requestCount()).toBe(before);
    });

    it('fails the signature check when the directory JWKS redirects', async () => {
      server.serve('/keystore/moved.jwks', { status: 302, headers: { location: '/keystore/openbanking.jwks' } });
      const resolverFor = createJwksResolverFactory({ allowedHosts: [server.host] });
      const token = await signSsa();
      const { report } = await validateSoftwareStatement(token, deps({ resolveKey: resolverFor(server.url('/keystore/moved.jwks')) }));
      expect(entryOf(report, 'ssa.signature')).toMatchObject({ outcome: 'fail', description: 'the JWKS for the software statement could not be fetched' });
    });
  });
});
