import 'server-only';
import type { PrismaClient } from '@/lib/db';
import type { ProvisioningOutcome, ProvisioningRunReport, ProvisioningTransaction } from './authorization-server-provisioning';

/** How the outbox reaches the authorization server, and its timing (injectable so that tests can move the clock). */
export type ProvisioningOutboxOptions = {
  getPrisma: () => PrismaClient;
  /** Makes the server match the client's committed row; throws when it could not. Must be idempotent. */
  sync: (clientId: string) => Promise<void>;
  /** Why a sync failed, in words fit for the caller and the logs (never a token or a secret). */
  describeFailure: (error: unknown) => string;
  /** Longest a runner may hold a task: more than one sync can take, so that a live runner never loses it. */
  leaseMs: number;
  /** How long a request waits for its own change to reach the server. */
  confirmWithinMs: number;
  /** Longest wait between two attempts of a failing task: the retry interval. */
  maxBackoffMs: number;
  batchSize?: number;
  now?: () => Date;
  logError?: (message: string) => void;
};

/** The transactional outbox of the remote authorization server (schema: ProvisioningTask). */
export type ProvisioningOutbox = {
  /** In the client change's transaction: asks for one more sync of the client; returns the generation to wait for. */
  enqueue(tx: ProvisioningTransaction, clientId: string): Promise<number>;
  /** After the commit: runs the task now (or waits for the runner that holds it) until `generation` is synced. */
  confirm(clientId: string, generation: number): Promise<ProvisioningOutcome>;
  /** The worker: runs every due task that no other runner holds. */
  runDue(): Promise<ProvisioningRunReport>;
};

type Claimed = { clientId: string; generation: number };

const POLL_MS = 50;

/**
 * Creates the outbox. A task is one row per client with a generation that every change raises; it is done once a
 * sync that began after the change succeeded (`syncedGeneration`). Runners claim a task with a lease — one UPDATE
 * over `FOR UPDATE SKIP LOCKED`, so of several instances one takes it and none waits — and sync outside any
 * transaction, so a slow server holds no database lock (PGlite has one connection). A runner killed mid-sync loses
 * its lease when it expires and the next one replays the task, which is harmless: syncing is level-triggered.
 * Failures back off exponentially up to `maxBackoffMs`.
 */
export function createProvisioningOutbox(options: ProvisioningOutboxOptions): ProvisioningOutbox {
  const now = options.now ?? (() => new Date());
  const logError = options.logError ?? ((message: string) => console.error(message));
  const batchSize = options.batchSize ?? 20;
  const at = (date: Date) => date.toISOString();

  const claim = async (clientId: string | null): Promise<Claimed[]> => {
    const prisma = options.getPrisma();
    const start = now();
    const leaseEnd = new Date(start.getTime() + options.leaseMs);
    // A request claims its own task whatever its backoff; the worker only what is due.
    return prisma.$queryRaw<Claimed[]>`
      UPDATE "ProvisioningTask" SET "leasedUntil" = (${at(leaseEnd)}::timestamptz AT TIME ZONE 'UTC')
      WHERE "clientId" IN (
        SELECT "clientId" FROM "ProvisioningTask"
        WHERE "syncedGeneration" < generation
          AND ("leasedUntil" IS NULL OR "leasedUntil" <= (${at(start)}::timestamptz AT TIME ZONE 'UTC'))
          AND (${clientId}::text IS NULL AND "runAt" <= (${at(start)}::timestamptz AT TIME ZONE 'UTC') OR "clientId" = ${clientId}::text)
        ORDER BY "runAt"
        LIMIT ${clientId === null ? batchSize : 1}::int
        FOR UPDATE SKIP LOCKED)
      RETURNING "clientId", generation`;
  };

  // Runs one claimed task and releases it: synced up to the claimed generation, or backed off with the reason.
  const run = async ({ clientId, generation }: Claimed): Promise<ProvisioningOutcome> => {
    const prisma = options.getPrisma();
    try {
      await options.sync(clientId);
    } catch (error) {
      const description = options.describeFailure(error);
      const failedAt = now();
      const task = await prisma.provisioningTask.update({
        where: { clientId },
        data: { attempts: { increment: 1 }, lastError: description, leasedUntil: null },
        select: { attempts: true },
      });
      const backoffMs = Math.min(1000 * 2 ** (task.attempts - 1), options.maxBackoffMs);
      await prisma.provisioningTask.update({ where: { clientId }, data: { runAt: new Date(failedAt.getTime() + backoffMs) } });
      logError(`authorization server provisioning: client ${clientId} (attempt ${task.attempts}, next in ${backoffMs} ms): ${description}`);
      return { status: 'unavailable', description };
    }
    await prisma.$executeRaw`
      UPDATE "ProvisioningTask"
      SET "syncedGeneration" = GREATEST("syncedGeneration", ${generation}::int), "leasedUntil" = NULL, attempts = 0, "lastError" = NULL,
          "updatedAt" = (${at(now())}::timestamptz AT TIME ZONE 'UTC')
      WHERE "clientId" = ${clientId}`;
    return { status: 'synced' };
  };

  return {
    async enqueue(tx, clientId) {
      // Raw SQL: the registration's transaction is plain SQL (lib/db/raw-sql.ts), the other changes' Prisma's.
      const at = now();
      const [task] = await tx.$queryRaw<{ generation: number }[]>`
        INSERT INTO "ProvisioningTask" ("clientId", "runAt", "updatedAt") VALUES (${clientId}, ${at}, ${at})
        ON CONFLICT ("clientId") DO UPDATE SET generation = "ProvisioningTask".generation + 1, "runAt" = EXCLUDED."runAt",
          attempts = 0, "lastError" = NULL, "updatedAt" = EXCLUDED."updatedAt"
        RETURNING generation`;
      if (task === undefined) throw new Error(`the provisioning task of client ${clientId} was not written`);
      return task.generation;
    },

    async confirm(clientId, generation) {
      const deadline = now().getTime() + options.confirmWithinMs;
      for (;;) {
        const task = await options.getPrisma().provisioningTask.findUnique({ where: { clientId }, select: { syncedGeneration: true } });
        if (task === null || task.syncedGeneration >= generation) return { status: 'synced' };
        const [claimed] = await claim(clientId);
        if (claimed !== undefined) {
          const outcome = await run(claimed);
          if (outcome.status === 'unavailable') return outcome;
          continue;
        }
        // Another runner holds the task (an earlier change, or the worker): wait for it, within the deadline.
        if (now().getTime() + POLL_MS > deadline) return { status: 'unavailable', description: 'the authorization server did not confirm the change in time' };
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },

    async runDue() {
      const report: ProvisioningRunReport = { synced: 0, failed: 0 };
      for (;;) {
        const batch = await claim(null);
        for (const task of batch) {
          const outcome = await run(task);
          report[outcome.status === 'synced' ? 'synced' : 'failed'] += 1;
        }
        if (batch.length < batchSize) return report;
      }
    },
  };
}
