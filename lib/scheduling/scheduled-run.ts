import 'server-only';
import { getDb } from '@/lib/db';

/** A scheduled job's last run, as admins see it. */
export type ScheduledRunState = { nextRunAt: Date; lastStartedAt: Date | null; lastEndedAt: Date | null; lastOutcome: string | null };

/**
 * A run that started this long ago and never ended is taken to have died with its instance: another may run.
 * Longer than any run should take (the trust re-check of every client).
 */
export const ABANDONED_RUN_MS = 60 * 60_000;

/**
 * Claims the next run of `name` for this instance, once across every instance sharing the database: a conditional
 * update moves the run's `nextRunAt` on by `intervalSeconds`, and of two instances claiming at once the second finds
 * the row already moved (PostgreSQL re-evaluates its condition on the row the first committed) and claims nothing.
 * Due when `nextRunAt` has passed (a new job's first run is due at once); `force` (an admin's "run now") claims a run
 * that is not yet due. Never while another run of it is under way, unless that run was abandoned. Times are the
 * database's, so instances' clocks need not agree. True when this instance is to run it.
 */
export async function claimScheduledRun(name: string, intervalSeconds: number, { force = false }: { force?: boolean } = {}): Promise<boolean> {
  const db = getDb();
  await db.$executeRaw`
    INSERT INTO "ScheduledRun" (name, "nextRunAt") VALUES (${name}, now() AT TIME ZONE 'UTC') ON CONFLICT (name) DO NOTHING`;
  const claimed = await db.$executeRaw`
    UPDATE "ScheduledRun"
    SET "lastStartedAt" = now() AT TIME ZONE 'UTC', "lastEndedAt" = NULL,
        "nextRunAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${intervalSeconds}::int)
    WHERE name = ${name}
      AND (${force}::boolean OR "nextRunAt" <= now() AT TIME ZONE 'UTC')
      AND ("lastStartedAt" IS NULL OR "lastEndedAt" IS NOT NULL
           OR "lastStartedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${ABANDONED_RUN_MS / 1000}::int))`;
  return claimed === 1;
}

/** Records the end of this instance's run of `name`, with what it did (or why it failed), for admins. */
export async function finishScheduledRun(name: string, outcome: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE "ScheduledRun" SET "lastEndedAt" = now() AT TIME ZONE 'UTC', "lastOutcome" = ${outcome} WHERE name = ${name}`;
}

/** The state of `name`'s runs, or null when it never ran. */
export async function readScheduledRun(name: string): Promise<ScheduledRunState | null> {
  return getDb().scheduledRun.findUnique({ where: { name }, select: { nextRunAt: true, lastStartedAt: true, lastEndedAt: true, lastOutcome: true } });
}
