// Bad input for manual registration (issue 6, "Bad input"), the portal's upload: what the registration page's
// action (app/register/actions.ts) hands to lib — the SSA file read by readSoftwareStatementInput, the form
// parsed by manualRegistrationChoicesSchema, then checkManualRegistration (Check) or registerManualClient
// (Register) — against a real test database and a real sandbox directory. Properties: never throws; a refusal
// is a report with an RFC 7591 failure; a refused Register stores no client and only its refusal audit event,
// a Check stores nothing at all.
import fc from 'fast-check';
import { createLocalJWKSet, decodeJwt, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestDirectory, type TestDirectory } from '@/directory/testing/start-test-directory';
import { recordSignIn } from '@/lib/auth/record-sign-in';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb } from '@/lib/db';
import { isLoopbackHost } from '@/lib/registration/is-loopback-host';
import { allowedScopesForRoles } from '@/lib/software-statement/allowed-scopes-for-roles';
import { SSA_MAX_BYTES } from '@/lib/software-statement/ssa-max-bytes';
import { SSA_REQUIRED_CLAIMS } from '@/lib/software-statement/validate-software-statement';
import { arbitraryInvalidUtf8 } from '@/lib/testing/arbitraries/arbitrary-invalid-utf8';
import { arbitraryMalformedJws } from '@/lib/testing/arbitraries/arbitrary-malformed-jws';
import { arbitraryMutatedClaims } from '@/lib/testing/arbitraries/arbitrary-mutated-claims';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { expectRefusalReport } from '@/lib/testing/arbitraries/expect-refusal-report';
import { createDirectoryValidationContext } from '@/lib/testing/create-directory-validation-context';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { firstFailure, type ValidationReport } from '@/lib/validation/report';

import { checkManualRegistration } from './check-manual-registration';
import { manualRegistrationChoicesSchema, type ManualRegistrationChoices } from './manual-registration-choices';
import { readSoftwareStatementInput } from './read-software-statement-input';
import { registerManualClient } from './register-manual-client';

useTestDatabase();

// Each case is a whole Register against the database: as few runs as the route properties get.
const NUM_RUNS = 25;
const ACME = { directoryOrgId: '0015800001ACMEPAYS', name: 'Acme Payments Ltd', roles: ['AISP', 'PISP'] };
const BUDGET = { directoryOrgId: '0015800001BUDGETBD', name: 'Budget Buddy Ltd', roles: ['AISP', 'CBPII'] };
// Claims whose absence or wrong JSON type must fail a check (OB-RULES SSA 3–5).
const CHECKED_CLAIMS: readonly string[] = ['iss', 'iat', ...SSA_REQUIRED_CLAIMS];
const REFUSED = 'client.registration_refused';

let directory: TestDirectory;
let context: ValidationContext;
let acme: TppActor;
let ssaKey: TestSigningKey;
/** An ACME SSA from the sandbox directory, re-signed with `ssaKey` so that mutated claims can be signed too. */
let validSsa: string;
let validClaims: Record<string, unknown>;
let redirectUris: string[];
let otherOrganisationSsa: string;
let validChoices: ManualRegistrationChoices;

beforeAll(async () => {
  directory = await startTestDirectory();
  ssaKey = await createTestSigningKey('PS256', 'property-ssa-key');
  // The directory's own keys and the test key: sandbox SSAs and re-signed ones both verify.
  const directoryJwks = (await (await fetch(`${directory.url}/keystore/openbanking.jwks`)).json()) as { keys: JWK[] };
  const base = createDirectoryValidationContext(directory.url);
  context = { ...base, domains: base.domains.map((domain) => ({ ...domain, resolveSsaKey: createLocalJWKSet({ keys: [...directoryJwks.keys, ssaKey.publicJwk] }) })) };
  const identity = await recordSignIn(directory.url, { subject: 'alice', email: null, name: null, organisation: ACME });
  acme = { id: identity.userId, organisation: identity.organisation };

  const acmeSsa = await createSoftwareStatement(ACME.directoryOrgId);
  validClaims = decodeJwt(acmeSsa) as Record<string, unknown>;
  validSsa = await signTestJws(validClaims, ssaKey);
  redirectUris = validClaims.software_redirect_uris as string[];
  otherOrganisationSsa = await createSoftwareStatement(BUDGET.directoryOrgId);
  validChoices = { tokenEndpointAuthMethod: 'private_key_jwt', redirectUris, scopes: ['openid', 'accounts'] };
});

afterAll(async () => {
  await directory?.dispose();
});

async function createSoftwareStatement(orgId: string): Promise<string> {
  const response = await fetch(`${directory.url}/api/organisations/${orgId}/software`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { ssa: string }).ssa;
}

type Snapshot = { clients: number; organisations: number; users: number; events: Record<string, number> };

async function snapshot(): Promise<Snapshot> {
  const db = getDb();
  const events = await db.auditEvent.groupBy({ by: ['action'], _count: { _all: true } });
  return {
    clients: await db.client.count(),
    organisations: await db.organisation.count(),
    users: await db.tppUser.count(),
    events: Object.fromEntries(events.map((event) => [event.action, event._count._all])),
  };
}

// The uploaded file as the browser sends it and the action reads it.
const readUpload = (content: Uint8Array | string): Promise<string> =>
  readSoftwareStatementInput(new File([typeof content === 'string' ? content : new Uint8Array(content)], 'ssa.jwt'), null);

// Register refused: a refusal report, no client, and exactly one more audit event, the refusal naming its check.
async function expectRegisterRefused(softwareStatement: string, choices: ManualRegistrationChoices = validChoices): Promise<ValidationReport> {
  const before = await snapshot();
  const result = await registerManualClient(acme, softwareStatement, choices, context);
  expect(result.status).toBe('refused');
  const failure = expectRefusalReport(result.check.report);
  expect(await snapshot()).toEqual({ ...before, events: { ...before.events, [REFUSED]: (before.events[REFUSED] ?? 0) + 1 } });
  const refusal = await getDb().auditEvent.findFirstOrThrow({ where: { actorId: acme.id, action: REFUSED }, orderBy: { id: 'desc' } });
  expect(refusal.details).toMatchObject({ method: 'MCR', check: failure.id, error: failure.code });
  return result.check.report;
}

// Check refused: the same report, and nothing stored at all.
async function expectCheckRefused(softwareStatement: string, choices: ManualRegistrationChoices | null): Promise<ValidationReport> {
  const before = await snapshot();
  const check = await checkManualRegistration(acme, softwareStatement, choices, context);
  expectRefusalReport(check.report);
  expect(check).toMatchObject({ ssa: null, metadata: null });
  expect(await snapshot()).toEqual(before);
  return check.report;
}

const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

describe('manual registration with a bad SSA file', () => {
  it('refuses a malformed JWS, at Check and at Register', async () => {
    await assertProperty('manual registration, malformed JWS file', arbitraryMalformedJws(validSsa), async (text) => {
      const softwareStatement = await readUpload(text);
      if (softwareStatement === '') return; // blank: the action asks for a file and calls nothing
      await expectCheckRefused(softwareStatement, null);
      await expectRegisterRefused(softwareStatement);
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a file that is not UTF-8', async () => {
    await assertProperty('manual registration, invalid UTF-8 file', arbitraryInvalidUtf8(validSsa), async (bytes) => {
      const softwareStatement = await readUpload(bytes);
      expect(softwareStatement).toContain('\uFFFD');
      const report = await expectRegisterRefused(softwareStatement);
      expect(firstFailure(report)?.code).toBe('invalid_software_statement');
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a file over the size cap by size, reading no more than one byte past it', async () => {
    const oversize = fc.tuple(fc.integer({ min: SSA_MAX_BYTES + 1, max: 4 * SSA_MAX_BYTES }), fc.constantFrom('A', 'é', '€', '😀', '.'));
    await assertProperty('manual registration, oversize file', oversize, async ([bytes, unit]) => {
      const text = `${validSsa}${unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)))}`;
      const softwareStatement = await readUpload(text);
      // A character cut at the cap decodes to U+FFFD, 3 bytes: at most two more than the bytes read.
      expect(Buffer.byteLength(softwareStatement)).toBeLessThanOrEqual(SSA_MAX_BYTES + 3);
      const report = await expectRegisterRefused(softwareStatement);
      expect(firstFailure(report)).toMatchObject({ id: 'ssa.size', description: `software statement exceeds ${SSA_MAX_BYTES} bytes` });
    }, { numRuns: 10 });
  });

  it('signed with mutated claims: never throws, registers only when every check passed, refuses a broken required claim', async () => {
    // A claim with NUL (which jsonb cannot hold) is refused at ssa.structure, like any other broken claim.
    const mutatedClaims = arbitraryMutatedClaims(validClaims);
    await assertProperty('manual registration, mutated SSA claims', mutatedClaims, async ({ claims, mutations }) => {
      const softwareStatement = await signTestJws(claims, ssaKey);
      const before = await snapshot();
      const result = await registerManualClient(acme, softwareStatement, validChoices, context);
      // Judged on the final claims: a later mutation of the same claim may undo an earlier one.
      const isBroken = mutations.some(({ claim }) => CHECKED_CLAIMS.includes(claim) && (!Object.hasOwn(claims, claim) || jsonType(claims[claim]) !== jsonType(validClaims[claim])));
      if (result.status === 'registered') {
        expect(isBroken).toBe(false);
        expect(result.check.report.entries.filter((entry) => entry.outcome !== 'pass')).toEqual([]);
        expect((await snapshot()).clients).toBe(before.clients + 1);
        return;
      }
      const failure = expectRefusalReport(result.check.report);
      expect(await snapshot()).toEqual({ ...before, events: { ...before.events, [REFUSED]: (before.events[REFUSED] ?? 0) + 1 } });
      expect(failure.id).toMatch(/^(ssa|mcr|metadata)\./);
    }, { numRuns: NUM_RUNS });
  });

  it("refuses another organisation's SSA, whatever the choices", async () => {
    await assertProperty('manual registration, other organisation', arbitraryChoices(), async (submitted) => {
      const parsed = manualRegistrationChoicesSchema.safeParse(submitted);
      const choices = parsed.success ? parsed.data : null;
      const checkReport = await expectCheckRefused(otherOrganisationSsa, choices);
      expect(firstFailure(checkReport)).toMatchObject({ id: 'mcr.organisation', code: 'unapproved_software_statement' });
      if (choices === null) return;
      expect(firstFailure(await expectRegisterRefused(otherOrganisationSsa, choices))).toMatchObject({ id: 'mcr.organisation' });
    }, { numRuns: 10 });
  });

  it('registers the valid re-signed SSA with the valid choices, so the refusals above are about the input', async () => {
    const result = await registerManualClient(acme, await readUpload(`\n${validSsa}\n`), validChoices, context);
    expect(result.status).toBe('registered');
  });
});

// What the form may submit (the action's readChoices: strings, possibly empty or repeated), good and bad; mostly
// values the schema accepts, so that most cases reach the checks, and some it refuses.
function arbitraryChoices(): fc.Arbitrary<Record<string, unknown>> {
  const odd = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', '\uD800', '\u202E', 'null', '[]'),
    fc.integer({ min: 1_000, max: 20_000 }).map((length) => 'x'.repeat(length)),
  );
  const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: bad });
  const [first = 'https://acme.example/callback'] = redirectUris;
  const uri = mostly(
    fc.constantFrom(...redirectUris),
    fc.oneof(
      fc.constantFrom(
        first.replace('https:', 'http:'),
        first.toUpperCase(),
        `${first}/`,
        `${first}#fragment`,
        `${first}?a=b`,
        ` ${first}`,
        'https://localhost/callback',
        'https://127.0.0.1/callback',
        'https://[::1]/callback',
        'https://evil.example/callback',
        'javascript:alert(1)',
        'https://user:pass@acme.example/callback',
      ),
      odd,
    ),
  );
  const scope = mostly(fc.constantFrom('openid', 'accounts', 'payments'), fc.oneof(fc.constantFrom('fundsconfirmations', 'OPENID', 'openid accounts', 'admin'), odd));
  const dn = fc.oneof(
    fc.constantFrom(`CN=${String(validClaims.software_id)},OU=${ACME.directoryOrgId},O=OpenBanking,C=GB`, 'CN=', '=x', 'CN=x,', 'CN=x+', 'CN=\\', 'CN=#zz', 'CN="unterminated', '1.2.3=#0400'),
    odd,
  );
  return fc.record(
    {
      tokenEndpointAuthMethod: mostly(fc.constantFrom('private_key_jwt', 'tls_client_auth', 'client_secret_basic'), fc.oneof(fc.constantFrom('client_secret_post', 'none', 'PRIVATE_KEY_JWT'), odd)),
      redirectUris: mostly(fc.array(uri, { minLength: 1, maxLength: 4 }), fc.constant<string[]>([])),
      scopes: mostly(fc.array(scope, { minLength: 1, maxLength: 4 }), fc.constant<string[]>([])),
      tlsClientAuthSubjectDn: dn,
      tokenEndpointAuthSigningAlg: mostly(fc.constantFrom('PS256', 'ES256'), fc.oneof(fc.constantFrom('RS256', 'HS256', 'none', 'ps256'), odd)),
    },
    { requiredKeys: ['tokenEndpointAuthMethod', 'redirectUris', 'scopes'] },
  );
}

describe('manual registration with bad form fields', () => {
  it('never throws; registers only choices within the SSA, else refuses with a report and stores only the refusal', async () => {
    await assertProperty('manual registration, bad form fields', arbitraryChoices(), async (submitted) => {
      const parsed = manualRegistrationChoicesSchema.safeParse(submitted);
      const before = await snapshot();
      if (!parsed.success) {
        // The action answers "invalid" with field errors after a Check without the choices: it stores nothing.
        expect(Object.keys(parsed.error.flatten().fieldErrors).length).toBeGreaterThan(0);
        const check = await checkManualRegistration(acme, validSsa, null, context);
        expect(check.report.ok).toBe(true);
        expect(await snapshot()).toEqual(before);
        return;
      }
      const choices = parsed.data;
      const result = await registerManualClient(acme, validSsa, choices, context);
      if (result.status === 'registered') {
        // OB-RULES registration 4, 5 and 8, as the bank's policy allows them, on what was stored.
        const client = await getDb().client.findUniqueOrThrow({ where: { clientId: result.clientId } });
        expect(client.redirectUris.every((value) => redirectUris.includes(value) && !isLoopbackHost(new URL(value).hostname))).toBe(true);
        expect(client.scopes.every((value) => allowedScopesForRoles(validClaims.software_roles as string[]).includes(value))).toBe(true);
        expect(context.manualRegistrationPolicy.tokenEndpointAuthMethods).toContain(client.tokenEndpointAuthMethod);
        expect((await snapshot()).clients).toBe(before.clients + 1);
        return;
      }
      const failure = expectRefusalReport(result.check.report);
      expect(failure.id).toMatch(/^metadata\./);
      expect(await snapshot()).toEqual({ ...before, events: { ...before.events, [REFUSED]: (before.events[REFUSED] ?? 0) + 1 } });
    }, { numRuns: 40 });
  });
});
