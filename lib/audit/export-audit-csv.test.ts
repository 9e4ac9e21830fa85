import { beforeEach, describe, expect, it } from 'vitest';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb, type AuditEvent } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { exportAuditCsv } from './export-audit-csv';
import { recordAuditEvent } from './record-audit-event';
import { verifyAuditChain } from './verify-audit-chain';

useTestDatabase();

const ADMIN: AdminActor = { id: 'adm-1', name: 'Ada Admin', email: 'ada@bank.example' };
const HEADER = 'id,at,actor_type,actor_id,action,client_id,organisation_id,request_id,details,prev_hash,hash\r\n';

beforeEach(async () => {
  await getDb().$executeRaw`TRUNCATE "AuditEvent" RESTART IDENTITY`;
  await getDb().$executeRaw`DELETE FROM "AuditChain"`;
});

const readAll = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
const eventsById = async () => new Map((await getDb().auditEvent.findMany()).map((event) => [Number(event.id), event]));
const csvTail = (event: AuditEvent) => `${event.prevHash},${event.hash}\r\n`;

describe('exportAuditCsv', () => {
  it('writes a header and every event oldest first, quoting per RFC 4180 and defusing formulas, then its own export event', async () => {
    await recordAuditEvent(getDb(), {
      actor: { type: 'tpp_user', id: 'u-1' },
      action: 'client.registered',
      clientId: 'c-1',
      organisationId: 'org-1',
      details: { method: 'MCR', note: 'a "quoted", multi\nline note' },
      requestId: 'req-1',
    });
    // A value an attacker controls (a refused subject) that a spreadsheet would run as a formula.
    await recordAuditEvent(getDb(), { actor: { type: 'anonymous', id: '=HYPERLINK("http://evil.example","x")' }, action: 'tpp_user.sign_in_refused', details: { refusal: 'not_tpp' } });

    const csv = await readAll(await exportAuditCsv(ADMIN, {}));

    const events = await eventsById();
    const [first, second, exported] = [events.get(1)!, events.get(2)!, events.get(3)!];
    expect(exported).toMatchObject({ actorType: 'admin', actorId: 'adm-1', action: 'audit.exported', details: { filters: {} } });
    expect(csv).toBe(
      HEADER +
        `1,${first.at.toISOString()},tpp_user,u-1,client.registered,c-1,org-1,req-1,"{""note"":""a \\""quoted\\"", multi\\nline note"",""method"":""MCR""}",${csvTail(first)}` +
        `2,${second.at.toISOString()},anonymous,"'=HYPERLINK(""http://evil.example"",""x"")",tpp_user.sign_in_refused,,,,"{""refusal"":""not_tpp""}",${csvTail(second)}` +
        `3,${exported.at.toISOString()},admin,adm-1,audit.exported,,,,"{""filters"":{}}",${csvTail(exported)}`,
    );
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 3 });
  });

  it('exports only what the filters match, and audits the filters', async () => {
    await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-1' }, action: 'client.registered', clientId: 'c-1' });
    await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-1' }, action: 'client.deleted', clientId: 'c-1' });
    await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-2' }, action: 'client.registered', clientId: 'c-2' });
    const from = new Date('2000-01-01T00:00:00.000Z');

    const csv = await readAll(await exportAuditCsv(ADMIN, { action: 'client.registered', from }));

    expect(csv.split('\r\n').map((line) => line.split(',')[0])).toEqual(['id', '1', '3', '']);
    const exported = (await eventsById()).get(4)!;
    expect(exported).toMatchObject({ action: 'audit.exported', details: { filters: { action: 'client.registered', from: '2000-01-01T00:00:00.000Z' } } });
  });

  it('streams trails longer than one batch', async () => {
    await getDb().auditEvent.createMany({ data: Array.from({ length: 1_203 }, (_, index) => ({ actorType: 'system', action: 'test.bulk', details: { index } })) });
    const csv = await readAll(await exportAuditCsv(ADMIN, { action: 'test.bulk' }));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(1 + 1_203 + 1);
    expect(lines[1]!.startsWith('1,')).toBe(true);
    expect(lines[1_203]!.startsWith('1203,')).toBe(true);
  });

  it('fails before it answers when the database refuses the query, not after the header (a 200 cut short)', async () => {
    // PostgreSQL has no year 0; the audit query refuses such a date, so only a caller that skips it gets here.
    await expect(exportAuditCsv(ADMIN, { from: new Date('0000-01-01T00:00:00.000Z') })).rejects.toThrow();
  });
});
