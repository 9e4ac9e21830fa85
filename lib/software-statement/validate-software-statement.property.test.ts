// Bad input for the SSA validator (issue 6, "Bad input"): whatever arrives, it returns a report and never
// throws; a bad SSA is refused with an RFC 7591 code; a valid one is accepted.
import fc from 'fast-check';
import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { arbitraryMalformedJws } from '@/lib/testing/arbitraries/arbitrary-malformed-jws';
import { arbitraryMutatedClaims } from '@/lib/testing/arbitraries/arbitrary-mutated-claims';
import { arbitraryOddJsonValue } from '@/lib/testing/arbitraries/arbitrary-odd-json-value';
import { findUnstorableText } from '@/lib/validation/find-unstorable-text';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { expectRefusalReport } from '@/lib/testing/arbitraries/expect-refusal-report';
import { buildSoftwareStatementClaims, TEST_SSA_NOW } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';

import { SSA_MAX_BYTES } from './ssa-max-bytes';
import { SOFTWARE_STATEMENT_CHECKS, SSA_REQUIRED_CLAIMS, validateSoftwareStatement, type ValidateSoftwareStatementDeps } from './validate-software-statement';

const NUM_RUNS = 200;
const CHECK_IDS = SOFTWARE_STATEMENT_CHECKS.map((check) => check.id);
// Claims whose absence or wrong JSON type must fail a check that names them (OB-RULES SSA 3–5).
const CHECKED_CLAIMS: readonly string[] = ['iss', 'iat', ...SSA_REQUIRED_CLAIMS];

let key: TestSigningKey;
let validClaims: Record<string, unknown>;
let validSsa: string;
let deps: ValidateSoftwareStatementDeps;

beforeAll(async () => {
  key = await createTestSigningKey('PS256', 'directory-ssa-key-1');
  validClaims = buildSoftwareStatementClaims();
  validSsa = await signTestJws(validClaims, key);
  deps = {
    now: TEST_SSA_NOW,
    resolveKey: createLocalJWKSet({ keys: [key.publicJwk] }),
    trust: { issuers: ['OpenBanking Ltd'], environments: ['sandbox'] },
    policy: { clockToleranceSeconds: 30 },
  };
});

const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

describe('validateSoftwareStatement with bad input', () => {
  it('refuses every malformed compact JWS with a full report', async () => {
    await assertProperty('validateSoftwareStatement, malformed JWS', arbitraryMalformedJws(validSsa), async (jws) => {
      const { report, claims } = await validateSoftwareStatement(jws, deps);
      expect(report.entries.map((entry) => entry.id)).toEqual(CHECK_IDS);
      expectRefusalReport(report);
      expect(claims).toBeNull();
    }, { numRuns: NUM_RUNS });
  });

  it('refuses an SSA of the wrong JSON type', async () => {
    await assertProperty('validateSoftwareStatement, wrong types', arbitraryOddJsonValue(), async (value) => {
      const { report, claims } = await validateSoftwareStatement(value, deps);
      expect(report.entries.map((entry) => entry.id)).toEqual(CHECK_IDS);
      expect(expectRefusalReport(report).code).toBe('invalid_software_statement');
      expect(claims).toBeNull();
    }, { numRuns: NUM_RUNS });
  });

  it('signed with mutated claims: never throws, and a missing or mistyped required claim fails its own check', async () => {
    await assertProperty('validateSoftwareStatement, mutated claims', arbitraryMutatedClaims(validClaims), async ({ claims: mutated, mutations }) => {
      const jws = await signTestJws(mutated, key);
      const { report, claims } = await validateSoftwareStatement(jws, deps);
      expect(report.entries.map((entry) => entry.id)).toEqual(CHECK_IDS);
      expect(report.ok).toBe(!report.entries.some((entry) => entry.outcome === 'fail'));
      expect(claims === null).toBe(!report.ok);
      // Judged on the final claims: a later mutation of the same claim may undo an earlier one.
      const broken = [...new Set(mutations.map((mutation) => mutation.claim))].filter(
        (claim) => CHECKED_CLAIMS.includes(claim) && (!Object.hasOwn(mutated, claim) || jsonType(mutated[claim]) !== jsonType(validClaims[claim])),
      );
      if (broken.length === 0) return;
      expectRefusalReport(report);
      if (Buffer.byteLength(jws) > SSA_MAX_BYTES) return; // refused by size before any claim is read
      // Text the bank cannot store (NUL, a lone surrogate) anywhere in the claims is refused at ssa.structure, before any claim check.
      if (findUnstorableText(mutated) !== null) {
        expect(report.entries.find((entry) => entry.outcome === 'fail')?.id).toBe('ssa.structure');
        return;
      }
      const failedClaims = report.entries.filter((entry) => entry.outcome === 'fail').map((entry) => entry.claim);
      for (const claim of broken) expect(failedClaims).toContain(claim);
    }, { numRuns: NUM_RUNS });
  });

  it('accepts a valid SSA after a no-op mutation (claims reordered, an unknown claim added)', async () => {
    const noOp = fc.tuple(fc.shuffledSubarray(Object.keys(validClaims), { minLength: Object.keys(validClaims).length }), fc.string({ maxLength: 20 }));
    await assertProperty('validateSoftwareStatement, no-op mutation', noOp, async ([order, extra]) => {
      const reordered = Object.fromEntries([...order.map((name) => [name, validClaims[name]]), ['x_unknown_claim', extra]]);
      const { report, claims } = await validateSoftwareStatement(await signTestJws(reordered, key), deps);
      expect(report.entries.filter((entry) => entry.outcome !== 'pass')).toEqual([]);
      expect(claims?.software_id).toBe(validClaims.software_id);
    }, { numRuns: 50 });
  });
});
