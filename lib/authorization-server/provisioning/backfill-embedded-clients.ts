import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import type { PrismaClient } from '@/lib/db';
import { EMBEDDED_CLIENT_KIND } from '../create-prisma-oidc-adapter';
import { toEmbeddedClientMetadata } from '../to-embedded-client-metadata';
import type { BackfillReport } from './authorization-server-provisioning';
import { PROVISIONABLE_CLIENT_SELECT } from './provisionable-client-select';
import { syncEmbeddedClient } from './sync-embedded-client';

/**
 * Brings the embedded authorization server in line with Onboard's clients: every active, undeleted client whose
 * served metadata is missing or differs is provisioned, every served client Onboard does not serve (suspended,
 * deleted, unknown) is removed with its tokens. Each fix is its own transaction that re-reads the client under a
 * lock, so a change committed meanwhile wins. What already agrees is not written: a second run changes nothing.
 */
export async function backfillEmbeddedClients(prisma: PrismaClient, logError: (message: string) => void): Promise<BackfillReport> {
  const report: BackfillReport = { provisioned: 0, updated: 0, deprovisioned: 0, failed: 0 };
  const served = new Map(
    (await prisma.$queryRaw<{ id: string; payload: unknown }[]>`SELECT id, payload FROM "AuthorizationServerPayload" WHERE kind = ${EMBEDDED_CLIENT_KIND}`).map(
      (row) => [row.id, row.payload] as const,
    ),
  );
  const active = await prisma.client.findMany({ where: { status: 'active', deletedAt: null }, select: PROVISIONABLE_CLIENT_SELECT });
  const sync = async (clientId: string, outcome: Exclude<keyof BackfillReport, 'failed'>) => {
    try {
      await prisma.$transaction((tx) => syncEmbeddedClient(tx, clientId));
      report[outcome] += 1;
    } catch (error) {
      report.failed += 1;
      logError(`authorization server backfill: client ${clientId} could not be provisioned: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for (const client of active) {
    const current = served.get(client.clientId);
    served.delete(client.clientId);
    let expected: unknown;
    try {
      expected = toEmbeddedClientMetadata(client);
    } catch (error) {
      report.failed += 1;
      logError(`authorization server backfill: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (current === undefined) await sync(client.clientId, 'provisioned');
    else if (!isDeepStrictEqual(current, expected)) await sync(client.clientId, 'updated');
  }
  for (const clientId of served.keys()) await sync(clientId, 'deprovisioned');
  return report;
}
