import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { findRegistrationRevocations } from './find-registration-revocations';

useTestDatabase();

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 10, minute));

describe('findRegistrationRevocations (one statement of raw SQL)', () => {
  it('finds the oldest standing revocation of the software in its environment and of its organisation, by either id, in plain SQL and in a Prisma transaction', async () => {
    const db = getDb();
    const [acme, other] = await Promise.all(
      ['0015800001ACMEREVK', '0015800001OTHERORG'].map((directoryOrgId) => db.organisation.create({ data: { directoryOrgId, name: directoryOrgId, status: 'Active', roles: [] } })),
    );
    const software = { softwareId: 'software-1', organisationId: acme!.id, reason: 'test', revokedBy: 'admin' };
    await db.softwareRevocation.createMany({
      data: [
        { ...software, environment: 'sandbox', revokedAt: at(1), liftedAt: at(2), liftedBy: 'admin', liftReason: 'lifted' },
        { ...software, environment: 'production', revokedAt: at(3) },
        { ...software, environment: 'sandbox', revokedAt: at(5) },
        { ...software, environment: 'sandbox', revokedAt: at(4) },
        { ...software, softwareId: 'software-2', environment: 'sandbox', revokedAt: at(0) },
      ],
    });
    await db.organisationRevocation.createMany({
      data: [
        { organisationId: acme!.id, reason: 'test', revokedBy: 'admin', revokedAt: at(0), liftedAt: at(1), liftedBy: 'admin', liftReason: 'lifted' },
        { organisationId: acme!.id, reason: 'test', revokedBy: 'admin', revokedAt: at(7) },
        { organisationId: other!.id, reason: 'test', revokedBy: 'admin', revokedAt: at(6) },
      ],
    });
    const oldestSoftware = await db.softwareRevocation.findFirstOrThrow({ where: { softwareId: 'software-1', environment: 'sandbox', revokedAt: at(4) } });
    const standingOrganisation = await db.organisationRevocation.findFirstOrThrow({ where: { organisationId: acme!.id, liftedAt: null } });
    const expected = { software: { id: oldestSoftware.id, revokedAt: at(4) }, organisation: { id: standingOrganisation.id, revokedAt: at(7) } };

    expect(await findRegistrationRevocations(getSql(), { softwareId: 'software-1', environment: 'sandbox', directoryOrgId: '0015800001ACMEREVK' })).toEqual(expected);
    expect(await db.$transaction((tx) => findRegistrationRevocations(tx, { softwareId: 'software-1', environment: 'sandbox', organisationId: acme!.id }))).toEqual(expected);
    expect(await findRegistrationRevocations(getSql(), { softwareId: 'software-3', environment: 'sandbox', directoryOrgId: '0015800001NEWORGAN' })).toEqual({ software: null, organisation: null });
    expect(await findRegistrationRevocations(getSql(), { softwareId: 'software-1', environment: 'test', organisationId: other!.id })).toEqual({
      software: null,
      organisation: { id: expect.any(String), revokedAt: at(6) },
    });
  });
});
