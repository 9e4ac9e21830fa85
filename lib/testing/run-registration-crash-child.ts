// The child process of the crash test (lib/clients/register-dynamic-client.crash.test.ts), as a restarted
// portal would be: it opens the configured database (DATABASE_URL, else PGlite under DATA_DIR), reports what it
// finds there, then registers DCR clients with several registrations in flight: until it is killed, or, with
// REGISTER_COUNT set, that many and exits. Run with `tsx --conditions=react-server` (lib/ imports
// `server-only`). Prints one line each: `state <json>`, then `registered <client_id>` after each commit.
import { randomUUID } from 'node:crypto';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { registerDynamicClient } from '@/lib/clients/register-dynamic-client';
import { closeDb, getDb } from '@/lib/db';
import { createFixtureValidationContext } from './registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture } from './registration-fixtures/create-registration-fixture';

/** What the child finds in the database on start (the crash test's consistency checks). */
export type CrashChildState = {
  clientIds: string[];
  /** The `clientId` of every `client.registered` audit event. */
  registeredEventClientIds: string[];
  organisationsWithoutClients: number;
  chain: { status: string; checked: number };
};

const IN_FLIGHT = 8;

async function readState(): Promise<CrashChildState> {
  // One snapshot for the rows compared with each other.
  const [clients, events, organisationsWithoutClients] = await getDb().$transaction(
    (tx) =>
      Promise.all([
        tx.client.findMany({ select: { clientId: true } }),
        tx.auditEvent.findMany({ where: { action: 'client.registered' }, select: { clientId: true } }),
        tx.organisation.count({ where: { clients: { none: {} } } }),
      ]),
    { isolationLevel: 'RepeatableRead' },
  );
  const chain = await verifyAuditChain();
  return {
    clientIds: clients.map((client) => client.clientId),
    registeredEventClientIds: events.map((event) => event.clientId ?? ''),
    organisationsWithoutClients,
    chain: { status: chain.status, checked: chain.checked },
  };
}

async function main(): Promise<void> {
  process.stdout.write(`state ${JSON.stringify(await readState())}\n`);
  const fixture = await createRegistrationFixture();
  const context = createFixtureValidationContext(fixture.deps());
  let remaining = process.env.REGISTER_COUNT ? Number(process.env.REGISTER_COUNT) : Number.POSITIVE_INFINITY;
  const register = async () => {
    const body = await fixture.sign(fixture.claims({ jti: randomUUID() }));
    const result = await registerDynamicClient({ body, contentType: 'application/jwt', certificatePem: fixture.certificates.leaf.pem }, context);
    if (result.status !== 'registered') throw new Error(`registration refused: ${result.failure.id}`);
    process.stdout.write(`registered ${result.client.clientId}\n`);
  };
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, remaining) }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await register();
      }
    }),
  );
  await closeDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
