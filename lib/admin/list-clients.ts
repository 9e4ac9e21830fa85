import 'server-only';
import { expiryNoticeHorizon, type KeptCertificateState } from '@/lib/trust-recheck/certificate-attention';
import { CLIENT_SUMMARY_SELECT } from '@/lib/clients/client-summary-select';
import { getDb, type ClientStatus, type Prisma } from '@/lib/db';
import { ADMIN_CLIENTS_PAGE_SIZE, type ListClientsQuery } from './list-clients-query';

/** A row of the admin client list. */
export type AdminClientRow = {
  clientId: string;
  softwareClientName: string;
  softwareId: string;
  environment: string;
  creationMethod: 'MCR' | 'DCR';
  status: ClientStatus;
  tokenEndpointAuthMethod: string;
  createdAt: Date;
  certificates: KeptCertificateState[];
  organisation: { name: string; directoryOrgId: string };
};

/** One page of the admin client list and what the pager needs. */
export type AdminClientPage = { rows: AdminClientRow[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * Every live client of every organisation, filtered and newest first, one page of 50 with the total. The
 * filters hit the Client indexes (status + createdAt, softwareId) and the small Organisation table;
 * offset paging stays cheap at tens of thousands of rows and keeps page numbers meaningful.
 */
export async function listClients(query: Partial<ListClientsQuery> = {}): Promise<AdminClientPage> {
  const where = buildWhere(query);
  const page = query.page ?? 1;
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.client.count({ where }),
    db.client.findMany({
      where,
      // id breaks ties between rows created in the same millisecond, so pages never overlap.
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * ADMIN_CLIENTS_PAGE_SIZE,
      take: ADMIN_CLIENTS_PAGE_SIZE,
      select: { ...CLIENT_SUMMARY_SELECT, organisation: { select: { name: true, directoryOrgId: true } } },
    }),
  ]);
  return { rows, total, page, pageSize: ADMIN_CLIENTS_PAGE_SIZE, pageCount: Math.max(1, Math.ceil(total / ADMIN_CLIENTS_PAGE_SIZE)) };
}

/** The live clients each trust filter of the admin list selects (`ListClientsQuery.trust`). */
export const TRUST_FILTERS = {
  // Onboard's own suspensions leave `statusChangedBy` empty; an admin's name the admin.
  rechecked: () => ({ status: 'suspended', statusChangedBy: null }),
  expiring: () => ({ certificates: { some: {}, every: { notAfter: { lte: expiryNoticeHorizon(new Date()) } } } }),
} satisfies Record<NonNullable<ListClientsQuery['trust']>, () => Prisma.ClientWhereInput>;

function buildWhere(query: Partial<ListClientsQuery>): Prisma.ClientWhereInput {
  const { organisation, softwareId, environment, method, status, trust, q } = query;
  return {
    deletedAt: null,
    ...(trust ? { AND: [TRUST_FILTERS[trust]()] } : {}),
    ...(status ? { status } : {}),
    ...(method ? { creationMethod: method } : {}),
    ...(environment ? { environment } : {}),
    ...(softwareId ? { softwareId } : {}),
    ...(q ? { clientId: { contains: q, mode: 'insensitive' } } : {}),
    ...(organisation
      ? {
          organisation: {
            OR: [{ name: { contains: organisation, mode: 'insensitive' } }, { directoryOrgId: { contains: organisation, mode: 'insensitive' } }],
          },
        }
      : {}),
  };
}
