// Issue 6 (concurrency): DCR registrations racing each other through registerDynamicClient, the function
// POST /register calls, over the database the suite runs against (PGlite serialises them; PostgreSQL does not).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { getDb } from '@/lib/db';
import { TEST_SSA_NOW } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { createFixtureValidationContext } from '@/lib/testing/registration-fixtures/create-fixture-validation-context';
import { createRegistrationFixture, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { registerDynamicClient } from './register-dynamic-client';

useTestDatabase();

let fixture: RegistrationFixture;
let context: ValidationContext;

beforeAll(async () => {
  // Frozen at the fixture's "now" for the replay guard too: claimReplayKey reads the system clock.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(TEST_SSA_NOW);
  fixture = await createRegistrationFixture();
  // The fixture's local keys and frozen clock; the replay guard is the real one (claimReplayKey, in the database).
  context = createFixtureValidationContext(fixture.deps());
});

afterAll(() => {
  vi.useRealTimers();
});

async function register(body: string) {
  return registerDynamicClient({ body, contentType: 'application/jwt', certificatePem: fixture.certificates.leaf.pem }, context);
}

async function countAudit(action: string): Promise<number> {
  return getDb().auditEvent.count({ where: { action } });
}

describe('registerDynamicClient under concurrency', () => {
  it('500 concurrent valid registrations of a new organisation make exactly 500 clients, each with its one audit event, and the chain verifies', { timeout: 120_000 }, async () => {
    const bodies = await Promise.all(Array.from({ length: 500 }, () => fixture.sign(fixture.claims({ jti: randomUUID() }))));
    const clientsBefore = await getDb().client.count();
    const registeredBefore = await countAudit('client.registered');

    const results = await Promise.all(bodies.map((body) => register(body)));

    const refused = results.filter((result) => result.status === 'refused');
    expect(refused).toEqual([]);
    const clientIds = results.map((result) => (result.status === 'registered' ? result.client.clientId : ''));
    expect(new Set(clientIds).size).toBe(500);
    expect((await getDb().client.count()) - clientsBefore).toBe(500);
    expect((await countAudit('client.registered')) - registeredBefore).toBe(500);
    const events = await getDb().auditEvent.findMany({ where: { action: 'client.registered', clientId: { in: clientIds } }, select: { clientId: true } });
    expect(new Set(events.map((event) => event.clientId))).toEqual(new Set(clientIds));
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact' });
    // They were the organisation's first contact: all of them raced to create it, and one did.
    expect(await getDb().organisation.count({ where: { directoryOrgId: fixture.orgId } })).toBe(1);
  });

  it('one registration JWT sent 50 times at once registers exactly one client; the other 49 are refused as replays', { timeout: 60_000 }, async () => {
    const body = await fixture.sign(fixture.claims({ jti: randomUUID() }));
    const clientsBefore = await getDb().client.count();
    const refusedBefore = await countAudit('client.registration_refused');

    const results = await Promise.all(Array.from({ length: 50 }, () => register(body)));

    expect(results.filter((result) => result.status === 'registered')).toHaveLength(1);
    const refusals = results.flatMap((result) => (result.status === 'refused' ? [result.failure] : []));
    expect(refusals).toHaveLength(49);
    for (const failure of refusals) {
      expect({ id: failure.id, code: failure.code }).toEqual({ id: 'request.jti_unique', code: 'invalid_client_metadata' });
    }
    expect((await getDb().client.count()) - clientsBefore).toBe(1);
    expect((await countAudit('client.registration_refused')) - refusedBefore).toBe(49);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact' });
  });

  it('refuses replays of a registration JWT whose "exp" has passed but is still within the clock tolerance', async () => {
    // Accepted for 30 s after exp (clock tolerance); the replay guard must hold the jti at least that long.
    const seconds = Math.floor(TEST_SSA_NOW.getTime() / 1000);
    const body = await fixture.sign(fixture.claims({ jti: randomUUID(), iat: seconds - 60, exp: seconds - 10 }));

    const first = await register(body);
    const replays = await Promise.all(Array.from({ length: 5 }, () => register(body)));

    expect(first.status).toBe('registered');
    expect(replays.map((result) => (result.status === 'refused' ? result.failure.id : result.status))).toEqual(Array(5).fill('request.jti_unique'));
  });
});
