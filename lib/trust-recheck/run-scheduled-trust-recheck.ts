import 'server-only';
import { anchorAuditHead } from '@/lib/audit/anchor-audit-head';
import { recordAuditEvent, type AuditActor } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { claimScheduledRun, finishScheduledRun } from '@/lib/scheduling/scheduled-run';
import { describeTrustRecheck, runTrustRecheck, type TrustRecheckOptions, type TrustRecheckReport } from './run-trust-recheck';

/** The trust re-check's name among the scheduled runs. */
export const TRUST_RECHECK_JOB = 'trust-recheck';

/** Whether this instance ran the re-check, and what it found. */
export type ScheduledTrustRecheck = { ran: false } | { ran: true; report: TrustRecheckReport };

/**
 * Runs the trust re-check if it is due (every `intervalSeconds`), or at once with `force` (an admin's "re-check
 * now"), on exactly one instance of all that share the database (`claimScheduledRun`); the others answer
 * `{ ran: false }`, as does this one while another run is under way. The run's outcome is kept with the schedule, and
 * audited (`trust.rechecked`) when an admin asked for it or it suspended a client (each suspension is audited too,
 * as `client.suspended` by the system). A run that fails is recorded as failed, and the error is thrown.
 */
export async function runScheduledTrustRecheck(
  intervalSeconds: number,
  options: TrustRecheckOptions & { force?: boolean; requestedBy?: AuditActor },
): Promise<ScheduledTrustRecheck> {
  if (!(await claimScheduledRun(TRUST_RECHECK_JOB, intervalSeconds, { force: options.force ?? false }))) return { ran: false };
  let report: TrustRecheckReport;
  try {
    report = await runTrustRecheck(options);
  } catch (error) {
    await finishScheduledRun(TRUST_RECHECK_JOB, `failed: ${(error as Error).name}`);
    throw error;
  }
  const outcome = describeTrustRecheck(report);
  await finishScheduledRun(TRUST_RECHECK_JOB, outcome);
  // Each suspension is audited on its own; a run is, when an admin asked for it or it suspended someone.
  if (options.requestedBy === undefined && report.suspended === 0) return { ran: true, report };
  await recordAuditEvent(getDb(), {
    actor: options.requestedBy ?? { type: 'system' },
    action: 'trust.rechecked',
    details: { outcome, clients: report.clients, certificates: report.certificates, suspended: report.suspended },
  });
  await anchorAuditHead();
  return { ran: true, report };
}
