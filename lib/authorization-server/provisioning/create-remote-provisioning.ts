import 'server-only';
import type { PrismaClient } from '@/lib/db';
import type { AuthorizationServerProvisioning, BackfillReport } from './authorization-server-provisioning';
import { createProvisioningOutbox, type ProvisioningOutbox } from './create-provisioning-outbox';
import { createRegistrationClient, type RegistrationClientOptions } from './create-registration-client';
import { RegistrationRequestError } from './registration-request-error';
import { PROVISIONABLE_CLIENT_SELECT } from './provisionable-client-select';
import { syncRemoteClient } from './sync-remote-client';
import { hashRemoteClientMetadata, toRemoteClientMetadata } from './to-remote-client-metadata';

/** The bank's RFC 7591/7592 authorization server, the database, and the outbox's timing. */
export type RemoteProvisioningOptions = RegistrationClientOptions & {
  getPrisma: () => PrismaClient;
  /** Default 30 s: above one sync (discovery and two requests, each within `timeoutMs`). */
  leaseMs?: number;
  /** Default: three times `timeoutMs`. */
  confirmWithinMs?: number;
  /** Default 30 s: a failing task is retried at least this often. */
  maxBackoffMs?: number;
  now?: () => Date;
  logError?: (message: string) => void;
};

/**
 * The remote adapter of the provisioning port (`AUTHORIZATION_SERVER=<issuer>`): every client change writes an outbox
 * task in its own transaction; the request then runs it at once, so that it reports success only once the bank's
 * server has the change, and the worker (`runDueTasks`, on an interval) retries whatever a crash or an outage left.
 */
export function createRemoteProvisioning(options: RemoteProvisioningOptions): AuthorizationServerProvisioning {
  const server = createRegistrationClient(options);
  const outbox: ProvisioningOutbox = createProvisioningOutbox({
    getPrisma: options.getPrisma,
    sync: (clientId) => syncRemoteClient(options.getPrisma(), server, clientId),
    describeFailure,
    leaseMs: options.leaseMs ?? 30_000,
    confirmWithinMs: options.confirmWithinMs ?? 3 * options.timeoutMs,
    maxBackoffMs: options.maxBackoffMs ?? 30_000,
    now: options.now,
    logError: options.logError,
  });
  return {
    kind: 'remote',
    async recordClientChange(tx, clientId) {
      return { kind: 'task', clientId, generation: await outbox.enqueue(tx, clientId) };
    },
    async confirmClientChange(ticket) {
      return ticket.kind === 'done' ? { status: 'synced' } : outbox.confirm(ticket.clientId, ticket.generation);
    },
    runDueTasks: () => outbox.runDue(),
    async backfill() {
      const prisma = options.getPrisma();
      const stale = await findUnsyncedClients(prisma);
      for (const { clientId } of stale) await prisma.$transaction((tx) => outbox.enqueue(tx, clientId));
      const run = await outbox.runDue();
      const report: BackfillReport = { provisioned: 0, updated: 0, deprovisioned: 0, failed: run.failed };
      for (const { outcome } of stale) report[outcome] += 1;
      return report;
    },
  };
}

// Which clients the server does not hold as Onboard serves them: active ones unknown there or changed since, and
// registrations of clients Onboard no longer serves.
async function findUnsyncedClients(prisma: PrismaClient): Promise<{ clientId: string; outcome: 'provisioned' | 'updated' | 'deprovisioned' }[]> {
  const registrations = new Map((await prisma.remoteClientRegistration.findMany({ select: { clientId: true, metadataSha256: true } })).map((row) => [row.clientId, row.metadataSha256]));
  const active = await prisma.client.findMany({ where: { status: 'active', deletedAt: null }, select: PROVISIONABLE_CLIENT_SELECT });
  const stale: { clientId: string; outcome: 'provisioned' | 'updated' | 'deprovisioned' }[] = [];
  for (const client of active) {
    const stored = registrations.get(client.clientId);
    registrations.delete(client.clientId);
    if (stored === undefined) stale.push({ clientId: client.clientId, outcome: 'provisioned' });
    else if (stored !== sha256OfMetadata(client)) stale.push({ clientId: client.clientId, outcome: 'updated' });
  }
  for (const clientId of registrations.keys()) stale.push({ clientId, outcome: 'deprovisioned' });
  return stale;
}

function sha256OfMetadata(client: Parameters<typeof toRemoteClientMetadata>[0]): string | null {
  try {
    return hashRemoteClientMetadata(toRemoteClientMetadata(client));
  } catch {
    return null;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof RegistrationRequestError) return error.message;
  // A client that cannot be provisioned (lib/authorization-server/to-embedded-client-metadata.ts): a fixed message.
  if (error instanceof Error && /^client \S+ /.test(error.message)) return error.message;
  return `the client could not be provisioned (unexpected ${error instanceof Error ? error.name : 'fault'})`;
}
