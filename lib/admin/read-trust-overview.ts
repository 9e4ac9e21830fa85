import 'server-only';
import { getDb } from '@/lib/db';
import { readScheduledRun, type ScheduledRunState } from '@/lib/scheduling/scheduled-run';
import { TRUST_RECHECK_JOB } from '@/lib/trust-recheck/run-scheduled-trust-recheck';
import { TRUST_FILTERS } from './list-clients';

/** The admin console's view of trust over time: the re-check's last run, and the clients that need attention. */
export type TrustOverview = { run: ScheduledRunState | null; suspendedByRecheck: number; expiring: number };

/** What the admin overview shows of the trust re-check, with the same filters as the client list's links. */
export async function readTrustOverview(): Promise<TrustOverview> {
  const count = (trust: keyof typeof TRUST_FILTERS) => getDb().client.count({ where: { deletedAt: null, ...TRUST_FILTERS[trust]() } });
  const [run, suspendedByRecheck, expiring] = await Promise.all([readScheduledRun(TRUST_RECHECK_JOB), count('rechecked'), count('expiring')]);
  return { run, suspendedByRecheck, expiring };
}
