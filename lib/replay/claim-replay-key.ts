import 'server-only';
import { createHash } from 'node:crypto';
import { getSql } from '@/lib/db';
import { isStorableText } from '@/lib/db/is-storable-text';

// Expired rows are swept at most this often per process: cheap, and never on every call.
const PRUNE_INTERVAL_MS = 10 * 60_000;

// The latest expiry kept. A later one (a JWT "exp" in the year 10000, or beyond what a Date holds) is kept
// until then instead: never forgotten earlier than asked, and always a timestamp the database can hold.
const LATEST_EXPIRY = new Date('9999-12-31T23:59:59.999Z');

const globalForReplay = globalThis as typeof globalThis & { onboardReplayPrunedAt?: number };

/**
 * Claims a replay key (a JWT `jti`, namespaced by the caller) until `expiresAt`: true the first time,
 * false while an earlier claim is live. Atomic across processes (the primary key decides); a key whose
 * earlier claim has expired may be claimed again, and of concurrent claims exactly one wins. Any key and
 * any expiry (even an invalid Date) can be claimed. One statement, in plain SQL: it is on the registration's hot path.
 */
export async function claimReplayKey(key: string, expiresAt: Date): Promise<boolean> {
  const now = new Date();
  const storedKey = toStorableKey(key);
  const storedExpiry = Number.isNaN(expiresAt.getTime()) || expiresAt > LATEST_EXPIRY ? LATEST_EXPIRY : expiresAt;
  // Insert-if-absent, or take over an expired claim: a concurrent insert of the same key waits for the first to
  // commit, then finds its live row and changes nothing; the row lock makes takers of an expired row re-read it.
  const count = await getSql().$executeRaw`
    INSERT INTO "ReplayGuard" (key, "expiresAt") VALUES (${storedKey}, ${storedExpiry})
    ON CONFLICT (key) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt" WHERE "ReplayGuard"."expiresAt" <= ${now}`;
  await pruneOccasionally(now);
  return count === 1;
}

// A jti may hold NUL or a lone surrogate, which PostgreSQL text cannot: such a key is kept as a digest of its
// UTF-16 code units, distinct for distinct keys. Callers namespace their keys, so none starts with "unstorable:".
function toStorableKey(key: string): string {
  return isStorableText(key) ? key : `unstorable:${createHash('sha256').update(key, 'utf16le').digest('base64url')}`;
}

async function pruneOccasionally(now: Date): Promise<void> {
  const last = globalForReplay.onboardReplayPrunedAt;
  if (last !== undefined && Math.abs(now.getTime() - last) < PRUNE_INTERVAL_MS) return;
  globalForReplay.onboardReplayPrunedAt = now.getTime();
  await getSql().$executeRaw`DELETE FROM "ReplayGuard" WHERE "expiresAt" < ${now}`;
}
