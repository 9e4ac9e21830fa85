import 'server-only';
import type { KeptCertificateState } from '@/lib/trust-recheck/certificate-attention';
import { CLIENT_SUMMARY_SELECT } from '@/lib/clients/client-summary-select';
import { getDb } from '@/lib/db';

/** A client waiting in the review queue. */
export type PendingClientSummary = {
  clientId: string;
  softwareClientName: string;
  softwareId: string;
  environment: string;
  creationMethod: 'MCR' | 'DCR';
  createdAt: Date;
  certificates: KeptCertificateState[];
  organisation: { name: string; directoryOrgId: string };
  /** Issue 15: the bank revoked the client's software (or organisation), so it cannot be approved until that is lifted. */
  revoked: 'software' | 'organisation' | null;
};

/** The review queue: live pending clients, oldest first (the status + createdAt index), each marked if its software or organisation is revoked, with how many there are in all. */
export async function listPendingClients(take = 100): Promise<{ clients: PendingClientSummary[]; total: number }> {
  const where = { status: 'pending', deletedAt: null } as const;
  const [rows, total] = await Promise.all([
    getDb().client.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: { ...CLIENT_SUMMARY_SELECT, organisationId: true, organisation: { select: { name: true, directoryOrgId: true } } },
    }),
    getDb().client.count({ where }),
  ]);
  const [software, organisations] = await Promise.all([
    getDb().softwareRevocation.findMany({
      where: { liftedAt: null, softwareId: { in: [...new Set(rows.map((row) => row.softwareId))] } },
      select: { softwareId: true, environment: true },
    }),
    getDb().organisationRevocation.findMany({ where: { liftedAt: null, organisationId: { in: [...new Set(rows.map((row) => row.organisationId))] } }, select: { organisationId: true } }),
  ]);
  const revokedSoftware = new Set(software.map((row) => `${row.environment}\n${row.softwareId}`));
  const revokedOrganisations = new Set(organisations.map((row) => row.organisationId));
  const clients = rows.map(({ organisationId, ...client }) => ({
    ...client,
    revoked: revokedSoftware.has(`${client.environment}\n${client.softwareId}`) ? ('software' as const) : revokedOrganisations.has(organisationId) ? ('organisation' as const) : null,
  }));
  return { clients, total };
}
