import { firstFailure, type ReportEntry, type ValidationReport } from './report';

/** The failed entry that refuses a request; a refused report without one is a bug, not a verdict. */
export function refusalOf(report: ValidationReport): ReportEntry {
  const failure = firstFailure(report);
  if (!failure) throw new Error('validation refused a request without a failed check');
  return failure;
}
