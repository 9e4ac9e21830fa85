// Bad input for the DCR registration validator (issue 6, "Bad input"): malformed bodies, mutated claims,
// invalid UTF-8 and odd content types. It never throws, always returns the full report, refuses bad input
// with an RFC 7591 code, and claims no replay key for a request that is not validly signed.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { TRANSPORT_CERTIFICATE_CHECKS } from '@/lib/certificates/validate-transport-certificate';
import { SIGNING_CERTIFICATE_CHECK } from '@/lib/certificate-status/check-signing-certificate';
import { REVOKED_KEY_CHECK_LIST } from '@/lib/revoked-keys/check-revoked-keys';
import { SOFTWARE_STATEMENT_CHECKS } from '@/lib/software-statement/validate-software-statement';
import { arbitraryInvalidUtf8 } from '@/lib/testing/arbitraries/arbitrary-invalid-utf8';
import { arbitraryMalformedJws } from '@/lib/testing/arbitraries/arbitrary-malformed-jws';
import { arbitraryMutatedClaims } from '@/lib/testing/arbitraries/arbitrary-mutated-claims';
import { arbitraryOddContentType } from '@/lib/testing/arbitraries/arbitrary-odd-content-type';
import { assertProperty } from '@/lib/testing/arbitraries/assert-property';
import { expectRefusalReport } from '@/lib/testing/arbitraries/expect-refusal-report';
import { createRegistrationFixture, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import type { ValidationReport } from '@/lib/validation/report';

import { REGISTRATION_REVOCATION_CHECK_LIST } from './check-registration-revocations';
import { CLIENT_METADATA_CHECKS } from './validate-client-metadata';
import {
  REGISTRATION_REQUEST_CHECKS_AFTER_SSA,
  REGISTRATION_REQUEST_CHECKS_BEFORE_SSA,
  validateRegistrationRequest,
  type ValidateRegistrationRequestDeps,
} from './validate-registration-request';

const NUM_RUNS = 100;
const ALL_IDS = [
  ...REGISTRATION_REQUEST_CHECKS_BEFORE_SSA,
  ...SOFTWARE_STATEMENT_CHECKS,
  ...REGISTRATION_REQUEST_CHECKS_AFTER_SSA,
  ...REGISTRATION_REVOCATION_CHECK_LIST,
  ...TRANSPORT_CERTIFICATE_CHECKS,
  ...REVOKED_KEY_CHECK_LIST,
  SIGNING_CERTIFICATE_CHECK,
  ...CLIENT_METADATA_CHECKS,
].map((check) => check.id);
// Claims whose absence fails a check that names them (OB-RULES registration 1–5).
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'jti', 'software_statement', 'token_endpoint_auth_method', 'token_endpoint_auth_signing_alg'];
// Optional metadata a JSON null leaves at its default (validate-client-metadata: null counts as omitted).
const NULL_MEANS_OMITTED = ['redirect_uris', 'grant_types', 'response_types', 'id_token_signed_response_alg', 'request_object_signing_alg', 'scope', 'application_type'];

let fixture: RegistrationFixture;
let validJwt: string;

beforeAll(async () => {
  fixture = await createRegistrationFixture();
  validJwt = await fixture.sign(fixture.claims());
});

// Deps with a fresh in-memory replay guard; `calls` records every key the validator claims.
function freshDeps(overrides: Partial<ValidateRegistrationRequestDeps> = {}) {
  const guard = fixture.createReplayGuard();
  return { deps: fixture.deps({ claimJti: guard.claimJti, ...overrides }), calls: guard.calls };
}

function expectFullReport(report: ValidationReport): void {
  expect(report.entries.map((entry) => entry.id)).toEqual(ALL_IDS);
  expect(report.ok).toBe(!report.entries.some((entry) => entry.outcome === 'fail'));
}

const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

describe('validateRegistrationRequest with bad input', () => {
  it('refuses every malformed compact JWS, and claims no replay key', async () => {
    await assertProperty('validateRegistrationRequest, malformed JWS', arbitraryMalformedJws(validJwt), async (body) => {
      const { deps, calls } = freshDeps();
      const result = await validateRegistrationRequest(body, deps);
      expectFullReport(result.report);
      expectRefusalReport(result.report);
      expect(result).toMatchObject({ softwareStatement: null, ssa: null, metadata: null, certificate: null });
      expect(calls).toEqual([]);
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a body with invalid UTF-8 (as the route decodes it), and claims no replay key', async () => {
    await assertProperty('validateRegistrationRequest, invalid UTF-8', arbitraryInvalidUtf8(validJwt), async (bytes) => {
      const { deps, calls } = freshDeps();
      const result = await validateRegistrationRequest(Buffer.from(bytes).toString('utf8'), deps);
      expectFullReport(result.report);
      expect(expectRefusalReport(result.report)).toMatchObject({ id: 'request.structure', code: 'invalid_client_metadata' });
      expect(calls).toEqual([]);
    }, { numRuns: NUM_RUNS });
  });

  it('refuses a valid request sent with a content type other than application/jwt or application/jose', async () => {
    await assertProperty('validateRegistrationRequest, odd content type', arbitraryOddContentType(), async (contentType) => {
      const body = await fixture.sign(fixture.claims({ jti: randomUUID() }));
      const result = await validateRegistrationRequest(body, freshDeps({ contentType }).deps);
      expectFullReport(result.report);
      expect(expectRefusalReport(result.report)).toMatchObject({ id: 'request.content_type', code: 'invalid_client_metadata' });
    }, { numRuns: NUM_RUNS });
  });

  it('signed with mutated claims: never throws, and a missing or mistyped claim fails a check about it', async () => {
    await assertProperty('validateRegistrationRequest, mutated claims', arbitraryMutatedClaims(fixture.claims()), async ({ claims, mutations }) => {
      const result = await validateRegistrationRequest(await fixture.sign(claims), freshDeps().deps);
      expectFullReport(result.report);
      expect(result.metadata === null).toBe(!result.report.ok);
      const original = fixture.claims();
      // Judged on the final claims: a later mutation of the same claim may undo an earlier one.
      const broken = [...new Set(mutations.map((mutation) => mutation.claim))].filter((claim) => {
        if (!Object.hasOwn(original, claim)) return false;
        if (!Object.hasOwn(claims, claim)) return REQUIRED_CLAIMS.includes(claim);
        if (claims[claim] === null && NULL_MEANS_OMITTED.includes(claim)) return false;
        return jsonType(claims[claim]) !== jsonType(original[claim]);
      });
      if (broken.length === 0) return;
      expectRefusalReport(result.report);
      for (const claim of broken) {
        // The checks about a claim: the SSA's own for "software_statement", else the request's and the metadata's.
        const about = result.report.entries.filter((entry) =>
          claim === 'software_statement' ? entry.claim === claim || entry.id.startsWith('ssa.') : entry.claim === claim && /^(request|metadata)\./.test(entry.id),
        );
        // Failed, or not run because a check it depends on (the SSA, the signature) failed first.
        const isRefused = about.some((entry) => entry.outcome === 'fail') || about.every((entry) => entry.outcome === 'not_run');
        expect(isRefused, `"${claim}" passed its checks`).toBe(true);
      }
    }, { numRuns: NUM_RUNS });
  });

  it('accepts a valid request after a no-op mutation (claims reordered, fresh jti, content type in another case)', async () => {
    const valid = fixture.claims();
    const names = Object.keys(valid);
    const noOp = fc.tuple(fc.shuffledSubarray(names, { minLength: names.length }), fc.constantFrom('application/jwt', 'APPLICATION/JOSE', 'application/jwt; charset=utf-8'));
    await assertProperty('validateRegistrationRequest, no-op mutation', noOp, async ([order, contentType]) => {
      const reordered = Object.fromEntries(order.map((name) => [name, name === 'jti' ? randomUUID() : valid[name]]));
      const { deps, calls } = freshDeps({ contentType });
      const result = await validateRegistrationRequest(await fixture.sign(reordered), deps);
      expect(result.report.entries.filter((entry) => entry.outcome === 'fail')).toEqual([]);
      expect(result.metadata).not.toBeNull();
      expect(calls).toHaveLength(1);
    }, { numRuns: 30 });
  });
});
