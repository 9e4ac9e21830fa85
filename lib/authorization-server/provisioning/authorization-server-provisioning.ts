import type { RawSql } from '@/lib/db/raw-sql';
import type { ProvisionableClient } from '../to-embedded-client-metadata';

/**
 * The transaction of a client change, in which provisioning takes its part: raw SQL only, so that a Prisma
 * transaction and a plain SQL one (lib/db/raw-sql.ts, the registration's hot path) both serve.
 */
export type ProvisioningTransaction = RawSql;

/**
 * What `recordClientChange` left for `confirmClientChange`: nothing more to do (the embedded server followed inside
 * the transaction), or the outbox task of the remote server and the generation the change gave it.
 */
export type ProvisioningTicket =
  | { kind: 'done'; clientId: string; tokensDeleted: number }
  | { kind: 'task'; clientId: string; generation: number };

/** Whether the authorization server serves the client as committed: yes, or not yet (it is retried). */
export type ProvisioningOutcome = { status: 'synced' } | { status: 'unavailable'; description: string };

/** What one run of the outbox did. */
export type ProvisioningRunReport = { synced: number; failed: number };

/** What a backfill found to do: clients provisioned, changed, or removed from the authorization server. */
export type BackfillReport = { provisioned: number; updated: number; deprovisioned: number; failed: number };

/**
 * The one port through which Onboard keeps the authorization server serving exactly its active, undeleted clients
 * (OB-RULES token endpoint). Every client change calls `recordClientChange` inside its transaction, after its rows
 * are written, then `confirmClientChange` after the commit; the change is reported done only when that answers
 * `synced`. Both adapters are level-triggered: they make the server match the client's committed row, so replaying
 * any step is harmless.
 */
export type AuthorizationServerProvisioning = {
  readonly kind: 'embedded' | 'remote';
  /**
   * Inside the change's transaction. Embedded: provisions or deprovisions at once. Remote: writes the outbox task.
   * `created`: the row this transaction inserted (a registration), which no one else can see yet, so the embedded
   * server provisions it as given instead of locking and reading it again.
   */
  recordClientChange(tx: ProvisioningTransaction, clientId: string, created?: ProvisionableClient): Promise<ProvisioningTicket>;
  /** After the commit: `synced` once the server serves the row as committed, else `unavailable` (the task stays). */
  confirmClientChange(ticket: ProvisioningTicket): Promise<ProvisioningOutcome>;
  /** Runs the outbox tasks that are due (the API host calls it on an interval); a no-op for the embedded server. */
  runDueTasks(): Promise<ProvisioningRunReport>;
  /**
   * Provisions every active, undeleted client the server does not serve as it is (clients registered before
   * provisioning existed), and deprovisions what it serves that Onboard does not. Safe at every start.
   */
  backfill(): Promise<BackfillReport>;
};

/** Where a lifecycle function provisions its client change; default: the adapter the environment chooses. */
export type ProvisioningOptions = { provisioning?: AuthorizationServerProvisioning };
