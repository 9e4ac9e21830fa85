import { expect } from 'vitest';

import { firstFailure, type RegistrationErrorCode, type ReportEntry, type ValidationReport } from '@/lib/validation/report';

const RFC7591_CODES: readonly RegistrationErrorCode[] = ['invalid_redirect_uri', 'invalid_client_metadata', 'invalid_software_statement', 'unapproved_software_statement'];

/**
 * Asserts that a validation report refuses its input the way the API needs it to: not ok, every entry a
 * known outcome with an RFC 7591 code, and at least one failure with a description. Returns the first
 * failure (what becomes `{ error, error_description }`).
 */
export function expectRefusalReport(report: ValidationReport): ReportEntry {
  expect(report.ok).toBe(false);
  for (const entry of report.entries) {
    expect(['pass', 'fail', 'not_run']).toContain(entry.outcome);
    expect(RFC7591_CODES).toContain(entry.code);
  }
  const failure = firstFailure(report);
  expect(failure?.description).toEqual(expect.any(String));
  expect(failure?.description).not.toBe('');
  return failure as ReportEntry;
}
