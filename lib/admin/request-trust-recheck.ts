import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getEnv } from '@/lib/env';
import { describeTrustRecheck } from '@/lib/trust-recheck/run-trust-recheck';
import { runScheduledTrustRecheck } from '@/lib/trust-recheck/run-scheduled-trust-recheck';
import { getValidationContext } from '@/lib/validation/get-validation-context';

/** What an admin's "re-check now" did: the run's outcome in a line, or that another run is under way. */
export type RequestedTrustRecheck = { status: 'ran'; outcome: string } | { status: 'busy'; message: string };

/**
 * Runs the trust re-check now for an admin, whatever the schedule (it then starts its interval afresh), unless a
 * run is under way on some instance. Audited as `trust.rechecked` with the admin as its actor.
 */
export async function requestTrustRecheck(admin: AdminActor): Promise<RequestedTrustRecheck> {
  const run = await runScheduledTrustRecheck(getEnv().trustRecheckIntervalSeconds, {
    domains: getValidationContext().domains,
    force: true,
    requestedBy: { type: 'admin', id: admin.id },
  });
  if (!run.ran) return { status: 'busy', message: 'A trust re-check is under way already; its outcome shows here when it ends.' };
  return { status: 'ran', outcome: describeTrustRecheck(run.report) };
}
