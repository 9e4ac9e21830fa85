import 'server-only';
import { getDb } from '@/lib/db';

/** A standing revocation of a software, as the admin console lists it. */
export type SoftwareRevocationSummary = {
  id: string;
  softwareId: string;
  environment: string;
  organisationName: string;
  clientId: string | null;
  reason: string;
  revokedAt: Date;
  revokedBy: string;
};

/** A standing revocation of an organisation, as the admin console lists it. */
export type OrganisationRevocationSummary = {
  id: string;
  organisationName: string;
  directoryOrgId: string;
  clientId: string | null;
  reason: string;
  revokedAt: Date;
  revokedBy: string;
};

/** The standing (not lifted) revocations of software and of organisations, newest first, at most `take` of each. */
export async function listRevocations(take = 100): Promise<{ software: SoftwareRevocationSummary[]; organisations: OrganisationRevocationSummary[] }> {
  const db = getDb();
  const [software, organisations] = await Promise.all([
    db.softwareRevocation.findMany({ where: { liftedAt: null }, orderBy: [{ revokedAt: 'desc' }, { id: 'asc' }], take }),
    db.organisationRevocation.findMany({
      where: { liftedAt: null },
      orderBy: [{ revokedAt: 'desc' }, { id: 'asc' }],
      take,
      include: { organisation: { select: { name: true, directoryOrgId: true } } },
    }),
  ]);
  const names = new Map(
    (await db.organisation.findMany({ where: { id: { in: [...new Set(software.map((row) => row.organisationId))] } }, select: { id: true, name: true } })).map((row) => [row.id, row.name]),
  );
  return {
    software: software.map((row) => ({
      id: row.id,
      softwareId: row.softwareId,
      environment: row.environment,
      organisationName: names.get(row.organisationId) ?? row.organisationId,
      clientId: row.clientId,
      reason: row.reason,
      revokedAt: row.revokedAt,
      revokedBy: row.revokedBy,
    })),
    organisations: organisations.map((row) => ({
      id: row.id,
      organisationName: row.organisation.name,
      directoryOrgId: row.organisation.directoryOrgId,
      clientId: row.clientId,
      reason: row.reason,
      revokedAt: row.revokedAt,
      revokedBy: row.revokedBy,
    })),
  };
}
