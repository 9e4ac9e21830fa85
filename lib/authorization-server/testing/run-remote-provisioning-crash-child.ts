// The child process of lib/authorization-server/provisioning/remote-provisioning.crash.test.ts, as an API host would
// be: it opens the configured database (DATABASE_URL, else PGlite under DATA_DIR) and provisions into the bank's
// authorization server at PEER_ISSUER. MODE=work registers DCR clients with several in flight and deletes every third
// one, until it is killed; it prints `registered <client_id>` and `deleted <client_id>` once each is confirmed, and
// `deleting <client_id>` before a deletion starts.
// MODE=reconcile runs what the API host runs at start (the backfill), then the outbox worker until no task is left,
// and prints `state <json>`. Run with `node --import tsx --conditions=react-server` (lib/ imports `server-only`).
import { randomUUID } from 'node:crypto';
import { deleteClient } from '@/lib/clients/delete-client';
import { registerDynamicClient } from '@/lib/clients/register-dynamic-client';
import { closeDb, getDb } from '@/lib/db';
import { createFixtureValidationContext } from '@/lib/testing/registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { createRemoteProvisioning } from '../provisioning/create-remote-provisioning';
import { PEER_INITIAL_ACCESS_TOKEN } from './start-registration-peer';

/** What a reconciling child finds once the worker is done. */
export type RemoteCrashChildState = {
  /** Active, undeleted clients: exactly what the authorization server must hold. */
  servedClientIds: string[];
  /** Clients with the credentials of a confirmed registration. */
  registeredClientIds: string[];
  pendingTasks: number;
};

/** How long a killed child's claim on a task outlives it. */
export const CRASH_CHILD_LEASE_MS = 1_500;

const IN_FLIGHT = 4;

const provisioning = createRemoteProvisioning({
  issuer: process.env.PEER_ISSUER ?? '',
  initialAccessToken: PEER_INITIAL_ACCESS_TOKEN,
  timeoutMs: 2_000,
  maxBytes: 64 * 1024,
  getPrisma: getDb,
  leaseMs: CRASH_CHILD_LEASE_MS,
  maxBackoffMs: 200,
  logError: () => undefined,
});

async function countPendingTasks(): Promise<number> {
  const [row] = await getDb().$queryRaw<{ count: number }[]>`SELECT COUNT(*)::int AS count FROM "ProvisioningTask" WHERE "syncedGeneration" < generation`;
  return row?.count ?? 0;
}

async function reconcile(): Promise<void> {
  await provisioning.backfill();
  const deadline = Date.now() + 20_000;
  while ((await countPendingTasks()) > 0 && Date.now() < deadline) {
    await provisioning.runDueTasks();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const served = await getDb().client.findMany({ where: { status: 'active', deletedAt: null }, select: { clientId: true } });
  const registered = await getDb().remoteClientRegistration.findMany({ where: { registrationAccessToken: { not: null } }, select: { clientId: true } });
  const state: RemoteCrashChildState = {
    servedClientIds: served.map((client) => client.clientId).sort(),
    registeredClientIds: registered.map((row) => row.clientId).sort(),
    pendingTasks: await countPendingTasks(),
  };
  process.stdout.write(`state ${JSON.stringify(state)}\n`);
}

async function work(): Promise<void> {
  const fixture = await createRegistrationFixture();
  const context = createFixtureValidationContext(fixture.deps());
  let count = 0;
  const loop = async (): Promise<never> => {
    for (;;) {
      const body = await fixture.sign(fixture.claims({ jti: randomUUID() }));
      const result = await registerDynamicClient({ body, contentType: 'application/jwt', certificatePem: fixture.certificates.leaf.pem }, context, { provisioning });
      if (result.status !== 'registered') throw new Error(`registration refused: ${result.failure.id}`);
      process.stdout.write(`registered ${result.client.clientId}\n`);
      count += 1;
      if (count % 3 === 0) {
        process.stdout.write(`deleting ${result.client.clientId}\n`);
        await deleteClient({ type: 'client', id: result.client.clientId }, result.client.organisationId, result.client.clientId, { provisioning });
        process.stdout.write(`deleted ${result.client.clientId}\n`);
      }
    }
  };
  // Never resolves: each loop runs until the process is killed, and the first failure fails the child.
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
}

async function main(): Promise<void> {
  if (process.env.MODE === 'reconcile') await reconcile();
  else await work();
  await closeDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
