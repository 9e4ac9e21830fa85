import 'server-only';
import { getDb, type ClientStatus } from '@/lib/db';

/** How many live clients the bank has in each status, for the admin console's overview. */
export async function countClientsByStatus(): Promise<Record<ClientStatus, number>> {
  const groups = await getDb().client.groupBy({ by: ['status'], where: { deletedAt: null }, _count: { _all: true } });
  const counts: Record<ClientStatus, number> = { pending: 0, active: 0, suspended: 0, revoked: 0, rejected: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}
