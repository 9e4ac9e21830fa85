import type { RegistrationErrorCode, ReportEntry, ValidationReport } from './report';

/** A check's static description: everything but its outcome. */
export type CheckDefinition = { id: string; title: string; claim?: string; code: RegistrationErrorCode; hint: string };

/** A check's verdict: `true` for a pass, or the failure description. */
export type CheckVerdict = true | string;

/** Accumulates report entries in order; once a check fails, dependent checks are recorded as `not_run`. */
export type ReportBuilder = {
  /** Runs `verdict` unless `when` is false (then records `not_run`), and records the outcome. Returns whether it passed. */
  check(definition: CheckDefinition, verdict: () => CheckVerdict | Promise<CheckVerdict>, when?: boolean): Promise<boolean>;
  /** Records a check as not run (an earlier check it needs has failed). */
  skip(definition: CheckDefinition): void;
  /** Appends the entries of another report (e.g. the SSA's, inside the registration's). */
  include(report: ValidationReport): void;
  build(): ValidationReport;
};

/** Creates a report builder; checks are recorded in the order they are called. */
export function createReportBuilder(): ReportBuilder {
  const entries: ReportEntry[] = [];
  return {
    async check(definition, verdict, when = true) {
      if (!when) {
        entries.push({ ...definition, outcome: 'not_run' });
        return false;
      }
      const result = await verdict();
      entries.push(result === true ? { ...definition, outcome: 'pass' } : { ...definition, outcome: 'fail', description: result });
      return result === true;
    },
    skip(definition) {
      entries.push({ ...definition, outcome: 'not_run' });
    },
    include(report) {
      entries.push(...report.entries);
    },
    build() {
      return { ok: entries.every((entry) => entry.outcome !== 'fail'), entries };
    },
  };
}
