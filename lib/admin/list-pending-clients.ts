import 'server-only';
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
  organisation: { name: string; directoryOrgId: string };
};

/** The review queue: live pending clients, oldest first (the status + createdAt index), with how many there are in all. */
export async function listPendingClients(take = 100): Promise<{ clients: PendingClientSummary[]; total: number }> {
  const where = { status: 'pending', deletedAt: null } as const;
  const [clients, total] = await Promise.all([
    getDb().client.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: { ...CLIENT_SUMMARY_SELECT, organisation: { select: { name: true, directoryOrgId: true } } },
    }),
    getDb().client.count({ where }),
  ]);
  return { clients, total };
}
