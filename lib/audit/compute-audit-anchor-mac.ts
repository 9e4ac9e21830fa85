import { createHmac } from 'node:crypto';

/** What an audit anchor seals: the chain head at a moment, as the database held it then. */
export type AuditAnchorContent = {
  /** When the anchor was written. */
  at: Date;
  /** The head event's id; null while the chain is empty. */
  eventId: bigint | null;
  /** The head event's hash (the genesis hash while the chain is empty). */
  hash: string;
  /** How many audit events have an id up to and including `eventId`. */
  count: number;
};

/** The version of the anchor format; a change to what the MAC covers is a new version. */
export const AUDIT_ANCHOR_VERSION = 1;

/**
 * An anchor's MAC: base64url HMAC-SHA256, under the anchor key, over the JSON text of
 * `{ v, at, eventId, hash, count }` in that order (`at` as ISO 8601 with milliseconds, `eventId` as a
 * decimal string or null), so a verifier in any language can recompute it from the line.
 */
export function computeAuditAnchorMac(key: Uint8Array, content: AuditAnchorContent): string {
  const sealed = JSON.stringify({
    v: AUDIT_ANCHOR_VERSION,
    at: content.at.toISOString(),
    eventId: content.eventId === null ? null : content.eventId.toString(),
    hash: content.hash,
    count: content.count,
  });
  return createHmac('sha256', key).update(sealed, 'utf8').digest('base64url');
}
