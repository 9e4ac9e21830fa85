import 'server-only';
import { readFile } from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AUDIT_ANCHOR_VERSION, computeAuditAnchorMac, type AuditAnchorContent } from './compute-audit-anchor-mac';
import type { AuditAnchorStore } from './load-audit-anchor-store';

/** An anchor read back from the file, with its line number (1-based). */
export type AuditAnchor = AuditAnchorContent & { line: number };

/** The anchors file as read: missing, or its anchors and the first line that is not one this instance sealed. */
export type AuditAnchorsFile =
  | { status: 'missing' }
  | { status: 'read'; anchors: AuditAnchor[]; edited: { line: number; reason: string } | null };

// One line of the anchors file, exactly as the writer (anchor-audit-head.ts) formats it.
const auditAnchorLineSchema = z.strictObject({
  v: z.literal(AUDIT_ANCHOR_VERSION),
  at: z.iso.datetime({ precision: 3 }),
  eventId: z.string().regex(/^[1-9][0-9]{0,18}$/).nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().min(0),
  kid: z.string(),
  mac: z.string(),
});

/** The parsed anchor of one line, or why the line is not an anchor sealed with this store's key. */
export function openAuditAnchorLine(store: AuditAnchorStore, text: string): { anchor: AuditAnchorContent } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: 'is not an anchor' };
  }
  const parsed = auditAnchorLineSchema.safeParse(json);
  if (!parsed.success) return { reason: 'is not an anchor' };
  const { at, eventId, hash, count, kid, mac } = parsed.data;
  if (kid !== store.kid) return { reason: `was sealed with another key (kid ${kid}, this instance's is ${store.kid})` };
  const anchor = { at: new Date(at), eventId: eventId === null ? null : BigInt(eventId), hash, count };
  const expected = Buffer.from(computeAuditAnchorMac(store.key, anchor));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { reason: 'does not match its MAC' };
  return { anchor };
}

/** Reads and checks every anchor in this instance's anchors file. */
export async function readAuditAnchors(store: AuditAnchorStore): Promise<AuditAnchorsFile> {
  let text: string;
  try {
    text = await readFile(store.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }
  const anchors: AuditAnchor[] = [];
  const lines = text.split('\n');
  // The writer ends every line with a newline; what follows the last one must be nothing.
  for (const [index, content] of lines.entries()) {
    if (index === lines.length - 1 && content === '') break;
    const opened = openAuditAnchorLine(store, content);
    if ('reason' in opened) return { status: 'read', anchors, edited: { line: index + 1, reason: opened.reason } };
    anchors.push({ ...opened.anchor, line: index + 1 });
  }
  return { status: 'read', anchors, edited: null };
}
