import 'server-only';
import type { RawSql } from '@/lib/db/raw-sql';
import type { RegistrationRevocations } from '@/lib/registration/check-registration-revocations';

type Row = { softwareRevocationId: string | null; softwareRevokedAt: Date | null; organisationRevocationId: string | null; organisationRevokedAt: Date | null };

/**
 * The standing (not lifted) revocations of a software in an environment and of its organisation (by directory or Onboard
 * id); the oldest of each. One statement in raw SQL: it runs on every registration (and in an admin's transaction).
 */
export async function findRegistrationRevocations(
  db: RawSql,
  subject: { softwareId: string; environment: string } & ({ directoryOrgId: string } | { organisationId: string }),
): Promise<RegistrationRevocations> {
  const organisationId = 'organisationId' in subject ? subject.organisationId : null;
  const directoryOrgId = 'directoryOrgId' in subject ? subject.directoryOrgId : null;
  const [row] = await db.$queryRaw<Row[]>`
    SELECT software.id AS "softwareRevocationId", software."revokedAt" AS "softwareRevokedAt",
           organisation.id AS "organisationRevocationId", organisation."revokedAt" AS "organisationRevokedAt"
    FROM (SELECT 1) AS subject
    LEFT JOIN LATERAL (
      SELECT id, "revokedAt" FROM "SoftwareRevocation"
      WHERE "softwareId" = ${subject.softwareId}::text AND environment = ${subject.environment}::text AND "liftedAt" IS NULL
      ORDER BY "revokedAt" LIMIT 1) AS software ON true
    LEFT JOIN LATERAL (
      SELECT revocation.id, revocation."revokedAt" FROM "OrganisationRevocation" AS revocation
      JOIN "Organisation" AS organisation ON organisation.id = revocation."organisationId"
      WHERE (organisation.id = ${organisationId}::text OR organisation."directoryOrgId" = ${directoryOrgId}::text) AND revocation."liftedAt" IS NULL
      ORDER BY revocation."revokedAt" LIMIT 1) AS organisation ON true`;
  return {
    software: row?.softwareRevocationId && row.softwareRevokedAt ? { id: row.softwareRevocationId, revokedAt: row.softwareRevokedAt } : null,
    organisation: row?.organisationRevocationId && row.organisationRevokedAt ? { id: row.organisationRevocationId, revokedAt: row.organisationRevokedAt } : null,
  };
}
