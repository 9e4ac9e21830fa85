import 'server-only';
import { getDb, type Prisma } from '@/lib/db';
import type { AuditActor } from './record-audit-event';

/** What an admin can narrow the audit trail to; every filter given must match. */
export type AuditEventFilters = {
  /** An exact action (`client.registered`) or a dotted prefix of one (`client` matches `client.deleted`). */
  action?: string;
  actorType?: AuditActor['type'];
  actorId?: string;
  clientId?: string;
  /** Organisation.id (the portal's id, not the directory's). */
  organisationId?: string;
  /** A client id (exact), or an organisation's name (part of it, any case) or directory org id (exact). */
  search?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
};

/** The Prisma condition for audit filters; `search` resolves organisation names to ids first. */
export async function buildAuditEventWhere(filters: AuditEventFilters): Promise<Prisma.AuditEventWhereInput> {
  const conditions: Prisma.AuditEventWhereInput[] = [];
  const action = filters.action?.replace(/\.?\*?$/, '');
  if (action) {
    // Prisma passes startsWith into LIKE unescaped, and actions are full of `_` (tpp_user.signed_in).
    conditions.push({ OR: [{ action }, { action: { startsWith: `${escapeLike(action)}.` } }] });
  }
  if (filters.actorType) conditions.push({ actorType: filters.actorType });
  if (filters.actorId) conditions.push({ actorId: filters.actorId });
  if (filters.clientId) conditions.push({ clientId: filters.clientId });
  if (filters.organisationId) conditions.push({ organisationId: filters.organisationId });
  if (filters.from) conditions.push({ at: { gte: filters.from } });
  if (filters.to) conditions.push({ at: { lt: filters.to } });
  if (filters.search) {
    const organisations = await getDb().organisation.findMany({
      where: { OR: [{ name: { contains: escapeLike(filters.search), mode: 'insensitive' } }, { directoryOrgId: filters.search }] },
      select: { id: true },
      // A search broad enough to match more organisations than this is not a useful filter.
      take: 100,
    });
    conditions.push({ OR: [{ clientId: filters.search }, { organisationId: { in: organisations.map((organisation) => organisation.id) } }] });
  }
  return conditions.length > 0 ? { AND: conditions } : {};
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
