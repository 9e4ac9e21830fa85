import { createHash } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';

/** The `prevHash` of the first event in the chain (and the head's `lastHash` before any event). */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers, as stored. */
export type AuditHashContent = {
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  clientId: string | null;
  organisationId: string | null;
  details: Prisma.JsonValue;
  requestId: string | null;
};

/**
 * An audit event's hash: lowercase hex SHA-256 over the UTF-8 bytes of `prevHash` (64 hex characters, so
 * the concatenation is unambiguous) followed by the canonical JSON of
 * `{ action, actorId, actorType, at, clientId, details, organisationId, requestId }`, where `at` is the ISO
 * 8601 string with milliseconds (`Date.prototype.toISOString`, UTC) and absent values are `null`.
 *
 * Canonical JSON is RFC 8785 (JCS) for the values an event can hold: object keys sorted recursively by
 * UTF-16 code units, no whitespace, strings and numbers as ECMAScript `JSON.stringify` writes them. It is
 * independent of key order, which PostgreSQL's `jsonb` does not keep, so a verifier in any language can
 * recompute the hash from the stored row.
 */
export function computeAuditHash(prevHash: string, content: AuditHashContent): string {
  const { before, after } = canonicalAuditContent(content);
  return createHash('sha256').update(prevHash, 'utf8').update(before + content.at.toISOString() + after, 'utf8').digest('hex');
}

/**
 * The canonical JSON of an event's hashed content (see `computeAuditHash`) split around its time: it is
 * `before + at.toISOString() + after`, so that the database can take the time under the chain lock and hash the
 * event there, in the statement that appends it (record-audit-event.ts). The members are written in their sorted
 * order: action, actorId, actorType, at, clientId, details, organisationId, requestId.
 */
export function canonicalAuditContent(content: Omit<AuditHashContent, 'at'>): { before: string; after: string } {
  return {
    before: `{"action":${canonicalJson(content.action)},"actorId":${canonicalJson(content.actorId)},"actorType":${canonicalJson(content.actorType)},"at":"`,
    after:
      `","clientId":${canonicalJson(content.clientId)},"details":${canonicalJson(content.details)},` +
      `"organisationId":${canonicalJson(content.organisationId)},"requestId":${canonicalJson(content.requestId)}}`,
  };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, as RFC 8785 section 3.2.3 requires; undefined members
    // are dropped, as JSON.stringify (and so Prisma, when it stored them) drops them.
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${members.join(',')}}`;
  }
  // Strings, finite numbers, booleans and null; JSON.stringify writes NaN and Infinity as null, like JCS callers must.
  return JSON.stringify(value) ?? 'null';
}
