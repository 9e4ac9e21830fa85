import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { anchorAuditHead } from './anchor-audit-head';
import { computeAuditAnchorMac } from './compute-audit-anchor-mac';
import { AUDIT_GENESIS_HASH, computeAuditHash } from './compute-audit-hash';
import { describeAuditVerification } from './describe-audit-verification';
import { loadAuditAnchorStore, type AuditAnchorStore } from './load-audit-anchor-store';
import { recordAuditEvent } from './record-audit-event';
import { runAuditVerification } from './run-audit-verification';
import { verifyAuditAnchors } from './verify-audit-anchors';
import { verifyAuditChain } from './verify-audit-chain';

useTestDatabase();

const ADMIN = { id: 'adm-1', name: 'Ada Admin', email: 'ada@bank.example' };
const KEK = randomBytes(32).toString('base64url');
// The anchors' clock, frozen: each anchoring takes the next minute from here.
const START = Date.UTC(2026, 11, 2, 9, 0, 0);
const minute = (index: number) => new Date(START + index * 60_000);

let store: AuditAnchorStore;
let anchorings: number;

beforeEach(async () => {
  await getDb().$executeRaw`TRUNCATE "AuditEvent" RESTART IDENTITY`;
  await getDb().$executeRaw`DELETE FROM "AuditChain"`;
  store = await loadAuditAnchorStore({ dataDir: await mkdtemp(path.join(tmpdir(), 'onboard-anchors-')), keyEncryptionKey: KEK });
  anchorings = 0;
});

const anchor = () => anchorAuditHead({ store, now: () => minute(anchorings++) });
const eventAt = (id: bigint) => getDb().auditEvent.findUniqueOrThrow({ where: { id } });

// The probe's trail: registrations, two suspensions among other decisions, each decision anchored after it commits.
async function recordProbeTrail(): Promise<void> {
  const decide = async (action: string, clientId: string) => {
    await recordAuditEvent(getDb(), { actor: { type: 'admin', id: ADMIN.id }, action, clientId, details: { reason: `${action} ${clientId}` } });
    await anchor();
  };
  await anchor(); // as the API host does when it starts
  await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-1' }, action: 'client.registered', clientId: 'c-1' }); // #1
  await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-2' }, action: 'client.registered', clientId: 'c-2' }); // #2
  await decide('client.approved', 'c-1'); // #3
  await decide('client.suspended', 'c-1'); // #4
  await decide('client.approved', 'c-2'); // #5
  await decide('client.suspended', 'c-2'); // #6
  await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-1' }, action: 'tpp_user.signed_in' }); // #7
  await decide('client.reactivated', 'c-1'); // #8
}

// What an attacker with write access to the database does: delete rows, then recompute every later link with the
// real hash function and move the chain head, so that the chain itself verifies again.
async function deleteAndRelink(where: string): Promise<void> {
  await getDb().$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE ${where}`);
  let prevHash = AUDIT_GENESIS_HASH;
  let lastId: bigint | null = null;
  for (const event of await getDb().auditEvent.findMany({ orderBy: { id: 'asc' } })) {
    const hash = computeAuditHash(prevHash, event);
    await getDb().auditEvent.update({ where: { id: event.id }, data: { prevHash, hash } });
    prevHash = hash;
    lastId = event.id;
  }
  await getDb().auditChain.update({ where: { id: 1 }, data: { lastHash: prevHash, lastEventId: lastId } });
}

const anchorLines = async () => (await readFile(store.file, 'utf8')).trimEnd().split('\n');

describe('anchorAuditHead', () => {
  it('appends one sealed line (0600) per move of the head, and nothing while it stays', async () => {
    expect(await anchor()).toEqual({ status: 'anchored', anchor: { at: minute(0), eventId: null, hash: AUDIT_GENESIS_HASH, count: 0 } });
    expect(await anchor()).toEqual({ status: 'unchanged' });
    await recordAuditEvent(getDb(), { actor: { type: 'system' }, action: 'test.one' });
    const first = await eventAt(1n);
    expect(await anchor()).toEqual({ status: 'anchored', anchor: { at: minute(1), eventId: 1n, hash: first.hash, count: 1 } });
    expect(await anchor()).toEqual({ status: 'unchanged' });

    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    const lines = await anchorLines();
    expect(lines).toHaveLength(2);
    const mac = computeAuditAnchorMac(store.key, { at: minute(1), eventId: 1n, hash: first.hash!, count: 1 });
    expect(JSON.parse(lines[1]!)).toEqual({ v: 1, at: minute(1).toISOString(), eventId: '1', hash: first.hash, count: 1, kid: store.kid, mac });
    // The key is derived from the KEK, never the KEK itself, and neither is in the line.
    expect(Buffer.from(store.key).toString('base64url')).not.toBe(KEK);
    expect(lines.join('\n')).not.toContain(KEK);
  });
});

describe('verifyAuditAnchors and runAuditVerification', () => {
  it('finds a clean anchored trail intact', async () => {
    await recordProbeTrail();
    const last = await eventAt(8n);

    const result = await runAuditVerification(ADMIN, { store });

    expect(result).toEqual({
      status: 'intact',
      chain: { status: 'intact', checked: 8, unchained: 0, lastHash: last.hash },
      anchors: { status: 'intact', checked: 6, last: { at: minute(5), eventId: 8n, hash: last.hash, count: 8 } },
    });
    expect(describeAuditVerification(result)).toBe(`Chain intact: 8 events checked; 6 anchors hold, the last of ${minute(5).toISOString()} at event #8`);
    expect(await eventAt(9n)).toMatchObject({ action: 'audit.verified', details: { status: 'intact', checked: 8, anchors: { status: 'intact', checked: 6, lastEventId: '8' } } });
  });

  it('finds the probe’s attack: two client.suspended events deleted and the chain re-linked', async () => {
    await recordProbeTrail();
    const suspensionOfC1 = await eventAt(4n);
    await deleteAndRelink(`action = 'client.suspended'`);
    // The attack leaves a chain that verifies on its own: only the anchors can tell.
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 6 });

    const result = await runAuditVerification(ADMIN, { store });

    expect(result).toMatchObject({ status: 'broken', chain: { status: 'intact' }, anchors: { status: 'broken', finding: { kind: 'history rewritten', anchor: { eventId: 4n, hash: suspensionOfC1.hash } } } });
    expect(describeAuditVerification(result)).toBe(
      `History before ${minute(2).toISOString()} was rewritten: the anchor of ${minute(2).toISOString()} names event #4 with hash ${suspensionOfC1.hash!.slice(0, 16)}…, the database holds no event #4`,
    );
    expect(await eventAt(9n)).toMatchObject({ action: 'audit.verified', details: { status: 'broken', anchors: { status: 'broken', finding: 'history rewritten', eventId: '4' } } });
  });

  it.each<[string, () => Promise<void>, bigint, number]>([
    [
      'an anchored event edited and the chain re-hashed from it',
      async () => {
        await getDb().auditEvent.update({ where: { id: 5n }, data: { details: { reason: 'nothing to see' } } });
        await deleteAndRelink('false');
      },
      5n,
      3,
    ],
    ['an unanchored event deleted before the anchored ones, which all move', () => deleteAndRelink('id = 2'), 3n, 1],
  ])('finds history rewritten: %s', async (_case, attack, eventId, anchoring) => {
    await recordProbeTrail();
    const anchored = await eventAt(eventId);
    await attack();
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact' });
    const held = await eventAt(eventId);

    const result = await verifyAuditAnchors(store);

    const at = minute(anchoring).toISOString();
    expect(result).toMatchObject({ status: 'broken', finding: { kind: 'history rewritten', anchor: { eventId, at: minute(anchoring) }, held: { hash: held.hash } } });
    expect(describeAuditVerification({ status: 'broken', chain: await verifyAuditChain(), anchors: result })).toBe(
      `History before ${at} was rewritten: the anchor of ${at} names event #${eventId} with hash ${anchored.hash!.slice(0, 16)}…, the database holds ${held.hash!.slice(0, 16)}…`,
    );
  });

  it('finds a trail cut short: the newest anchored events deleted and the head moved back', async () => {
    await recordProbeTrail();
    await deleteAndRelink('id >= 6');
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', checked: 5 });

    const result = await verifyAuditAnchors(store);

    expect(result).toMatchObject({ status: 'broken', finding: { kind: 'history truncated', anchor: { eventId: 8n, count: 8 }, missing: 3, newestId: 5n } });
    expect(describeAuditVerification({ status: 'broken', chain: await verifyAuditChain(), anchors: result })).toBe(
      `The trail ends before the last anchor: 3 events missing (the anchor of ${minute(5).toISOString()} names event #8, the newest is #5)`,
    );
  });

  it('finds every event deleted', async () => {
    await recordProbeTrail();
    await getDb().$executeRaw`DELETE FROM "AuditEvent"`;
    await getDb().$executeRaw`DELETE FROM "AuditChain"`;
    expect(await verifyAuditAnchors(store)).toMatchObject({ status: 'broken', finding: { kind: 'history truncated', missing: 8, newestId: null } });
  });

  it('finds a count that no longer matches: an event older than the chain deleted', async () => {
    await getDb().auditEvent.create({ data: { actorType: 'system', action: 'legacy.one' } });
    await recordProbeTrail();
    await getDb().$executeRaw`DELETE FROM "AuditEvent" WHERE id = 1`;
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact', unchained: 0 });
    const result = await verifyAuditAnchors(store);
    expect(describeAuditVerification({ status: 'broken', chain: await verifyAuditChain(), anchors: result })).toBe(
      `History before ${minute(1).toISOString()} was rewritten: the anchor of ${minute(1).toISOString()} counts 4 events up to event #4, the database holds 3`,
    );
  });

  it.each<[string, (lines: string[]) => string[], number, string]>([
    ['a hash edited', (lines) => lines.map((line, index) => (index === 3 ? line.replace(/"hash":"(.)/, (_match, digit) => `"hash":"${digit === 'f' ? 'e' : 'f'}`) : line)), 4, 'does not match its MAC'],
    ['a count edited', (lines) => lines.map((line, index) => (index === 2 ? line.replace(/"count":\d+/, '"count":1') : line)), 3, 'does not match its MAC'],
    ['a MAC forged', (lines) => [...lines.slice(0, 5), lines[5]!.replace(/"mac":"[^"]+"/, `"mac":"${'A'.repeat(43)}"`)], 6, 'does not match its MAC'],
    ['another key’s line', (lines) => [lines[0]!.replace(/"kid":"[^"]+"/, '"kid":"another-kid"'), ...lines.slice(1)], 1, "was sealed with another key (kid another-kid, this instance's is KID)"],
    ['a line that is not an anchor', (lines) => [...lines.slice(0, 2), 'rm -rf /', ...lines.slice(2)], 3, 'is not an anchor'],
    ['a field added', (lines) => [lines[0]!.replace('{', '{"note":"x",'), ...lines.slice(1)], 1, 'is not an anchor'],
  ])('finds an edited anchors file: %s', async (_case, edit, line, reason) => {
    await recordProbeTrail();
    await writeFile(store.file, `${edit(await anchorLines()).join('\n')}\n`);
    const result = await verifyAuditAnchors(store);
    const expectedReason = reason.replace('KID', store.kid);
    expect(result).toEqual({ status: 'broken', finding: { kind: 'anchors edited', file: store.file, line, reason: expectedReason } });
    expect(describeAuditVerification({ status: 'broken', chain: await verifyAuditChain(), anchors: result })).toBe(
      `The anchors file was edited: line ${line} of ${store.file} ${expectedReason}`,
    );
  });

  it('finds a missing anchors file', async () => {
    await recordProbeTrail();
    await writeFile(store.file, '');
    expect(await verifyAuditAnchors(store)).toEqual({ status: 'intact', checked: 0, last: null });
    await rm(store.file);
    const result = await verifyAuditAnchors(store);
    expect(result).toEqual({ status: 'broken', finding: { kind: 'anchors missing', file: store.file } });
    expect(describeAuditVerification({ status: 'broken', chain: await verifyAuditChain(), anchors: result })).toBe(
      `The anchors file is missing (${store.file}): the trail cannot be checked against its anchors`,
    );
  });

  it('cannot see the newest events deleted since the last anchor (what the README says it does not protect)', async () => {
    await recordProbeTrail();
    await recordAuditEvent(getDb(), { actor: { type: 'tpp_user', id: 'u-1' }, action: 'client.deleted', clientId: 'c-1' }); // #9, not anchored yet
    await deleteAndRelink('id = 9');
    expect(await verifyAuditAnchors(store)).toMatchObject({ status: 'intact', checked: 6 });
  });
});
