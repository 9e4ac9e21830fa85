import 'server-only';
import { getDb } from '@/lib/db';
import type { AuditAnchorContent } from './compute-audit-anchor-mac';
import type { AuditAnchorStore } from './load-audit-anchor-store';
import { readAuditAnchors, type AuditAnchor } from './read-audit-anchors';

/** What the anchors show, when they do not hold. */
export type AuditAnchorFinding =
  /** No anchors file: it was deleted, or this DATA_DIR never ran the API host (which anchors at start). */
  | { kind: 'anchors missing'; file: string }
  /** A line that is not an anchor this instance sealed: edited, forged, or sealed under another key. */
  | { kind: 'anchors edited'; file: string; line: number; reason: string }
  /**
   * An anchored event is gone while later ones remain, or holds another hash, or the count of events up to it
   * changed: history before the anchor was rewritten. `held` is what the database holds there (null: no event).
   */
  | { kind: 'history rewritten'; anchor: AuditAnchor; held: { hash: string | null; count: number } | null }
  /** The newest events are gone: the last anchor names an event beyond the end of the trail. */
  | { kind: 'history truncated'; anchor: AuditAnchor; missing: number; newestId: bigint | null };

/** The outcome of checking the database against this instance's anchors; `checked` counts the anchors, `last` is the newest. */
export type AuditAnchorVerification = { status: 'intact'; checked: number; last: AuditAnchorContent | null } | { status: 'broken'; finding: AuditAnchorFinding };

type AnchoredRow = { id: bigint; hash: string | null; position: bigint };

/**
 * Checks the audit trail against the anchors file: every line's MAC, and for each anchor that the event it names
 * still exists with that hash and that as many events lead up to it. Reports, in this order, an edited file, the
 * earliest rewritten anchor, then a trail that ends before the last anchor.
 */
export async function verifyAuditAnchors(store: AuditAnchorStore): Promise<AuditAnchorVerification> {
  const file = await readAuditAnchors(store);
  if (file.status === 'missing') return { status: 'broken', finding: { kind: 'anchors missing', file: store.file } };
  if (file.edited) return { status: 'broken', finding: { kind: 'anchors edited', file: store.file, ...file.edited } };

  // Processes append in the order they finish, not in chain order: what is "earliest" and "last" is by event id.
  const anchors = file.anchors.filter((anchor) => anchor.eventId !== null).sort((a, b) => (a.eventId! < b.eventId! ? -1 : a.eventId! > b.eventId! ? 1 : a.line - b.line));
  const ids = [...new Set(anchors.map((anchor) => anchor.eventId!.toString()))];
  const db = getDb();
  // Each event's position in id order is the count of events up to it; one scan answers every anchor.
  const rows = ids.length === 0 ? [] : await db.$queryRaw<AnchoredRow[]>`
    SELECT id, hash, position FROM (SELECT id, hash, row_number() OVER (ORDER BY id) AS position FROM "AuditEvent") ranked
    WHERE id = ANY(${ids}::bigint[])`;
  const held = new Map(rows.map((row) => [row.id, { hash: row.hash, count: Number(row.position) }]));
  const newestId = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id;

  let truncatedAt: AuditAnchor | null = null;
  for (const anchor of anchors) {
    const row = held.get(anchor.eventId!) ?? null;
    if (row === null && (newestId === null || newestId < anchor.eventId!)) {
      truncatedAt = anchor;
      continue;
    }
    if (row === null || row.hash !== anchor.hash || row.count !== anchor.count) return { status: 'broken', finding: { kind: 'history rewritten', anchor, held: row } };
  }
  if (truncatedAt) {
    const remaining = await db.auditEvent.count({ where: { id: { lte: truncatedAt.eventId! } } });
    return { status: 'broken', finding: { kind: 'history truncated', anchor: truncatedAt, missing: truncatedAt.count - remaining, newestId } };
  }
  const last = anchors.at(-1) ?? file.anchors.at(-1) ?? null;
  return { status: 'intact', checked: file.anchors.length, last: last && { at: last.at, eventId: last.eventId, hash: last.hash, count: last.count } };
}
