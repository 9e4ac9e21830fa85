import 'server-only';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { RegistrationRevocations } from '@/lib/registration/check-registration-revocations';

/** The standing (not lifted) revocations of a software in an environment and of its organisation (by directory or Onboard id); the oldest of each. */
export async function findRegistrationRevocations(
  db: PrismaClient | Prisma.TransactionClient,
  subject: { softwareId: string; environment: string } & ({ directoryOrgId: string } | { organisationId: string }),
): Promise<RegistrationRevocations> {
  const select = { id: true, revokedAt: true } as const;
  const [software, organisation] = await Promise.all([
    db.softwareRevocation.findFirst({ where: { softwareId: subject.softwareId, environment: subject.environment, liftedAt: null }, orderBy: { revokedAt: 'asc' }, select }),
    db.organisationRevocation.findFirst({ where: { ...('organisationId' in subject ? { organisationId: subject.organisationId } : { organisation: { directoryOrgId: subject.directoryOrgId } }), liftedAt: null }, orderBy: { revokedAt: 'asc' }, select }),
  ]);
  return { software, organisation };
}
