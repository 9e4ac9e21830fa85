import { describe, expect, it } from 'vitest';

import { buildTestSsaClaims } from '@/lib/testing/registration-fixtures/build-test-ssa-claims';
import type { ClientMetadata } from '@/lib/registration/validate-client-metadata';
import type { ValidationReport } from '@/lib/validation/report';

import { buildClientRecord } from './build-client-record';

const METADATA: ClientMetadata = {
  redirectUris: ['https://tpp.example/callback'],
  tokenEndpointAuthMethod: 'private_key_jwt',
  tokenEndpointAuthSigningAlg: 'PS256',
  tlsClientAuthSubjectDn: null,
  grantTypes: ['client_credentials'],
  responseTypes: [],
  idTokenSignedResponseAlg: 'PS256',
  requestObjectSigningAlg: 'PS256',
  scopes: ['accounts'],
  applicationType: 'web',
};
const REPORT: ValidationReport = {
  ok: true,
  entries: [{ id: 'ssa.signature', title: 'signature verifies', outcome: 'pass', code: 'invalid_software_statement', hint: 'Sign it.' }],
};

describe('buildClientRecord', () => {
  it('keeps the SSA claims, metadata and report exactly as the database stores them (JSON)', () => {
    const ssa = buildTestSsaClaims();
    const record = buildClientRecord('header.payload.signature', ssa, METADATA, REPORT);
    expect([record.softwareStatementClaims, record.registrationMetadata, record.validationReport]).toEqual(
      [ssa.raw, METADATA, REPORT].map((value) => JSON.parse(JSON.stringify(value))),
    );
    expect(record).toMatchObject({ softwareId: ssa.software_id, tokenEndpointAuthMethod: 'private_key_jwt', redirectUris: METADATA.redirectUris });
  });

  it('takes an absent optional member (undefined) as absent, as JSON does', () => {
    const report = { ok: false, entries: [{ ...REPORT.entries[0]!, outcome: 'fail' as const, description: undefined }] };
    expect(JSON.stringify(buildClientRecord('a.b.c', buildTestSsaClaims(), METADATA, report).validationReport)).toBe(JSON.stringify(report));
  });

  it.each([
    ['a date', new Date(0)],
    ['NaN', Number.NaN],
    ['a function', () => 1],
    ['an undefined array item', [undefined]],
    ['a bigint', 1n],
  ])('refuses a value that is not JSON (%s) rather than store it altered', (_label, value) => {
    const ssa = buildTestSsaClaims();
    const odd = { ...ssa, raw: { ...ssa.raw, nested: { deeper: [value] } } };
    expect(() => buildClientRecord('a.b.c', odd, METADATA, REPORT)).toThrow(/not JSON/);
  });
});
