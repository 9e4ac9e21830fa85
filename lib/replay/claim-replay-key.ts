import 'server-only';
import { createHash } from 'node:crypto';
import { getDb, Prisma } from '@/lib/db';
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
 * any expiry (even an invalid Date) can be claimed.
 */
export async function claimReplayKey(key: string, expiresAt: Date): Promise<boolean> {
  const now = new Date();
  const storedKey = toStorableKey(key);
  const storedExpiry = Number.isNaN(expiresAt.getTime()) || expiresAt > LATEST_EXPIRY ? LATEST_EXPIRY : expiresAt;
  const isFirstUse =
    (await insert(storedKey, storedExpiry)) || (await takeOverExpired(storedKey, storedExpiry, now)) || (await insert(storedKey, storedExpiry));
  await pruneOccasionally(now);
  return isFirstUse;
}

// A jti may hold NUL or a lone surrogate, which PostgreSQL text cannot: such a key is kept as a digest of its
// UTF-16 code units, distinct for distinct keys. Callers namespace their keys, so none starts with "unstorable:".
function toStorableKey(key: string): string {
  return isStorableText(key) ? key : `unstorable:${createHash('sha256').update(key, 'utf16le').digest('base64url')}`;
}

// Insert-if-absent: the primary key makes exactly one of concurrent inserts succeed (P2002 for the rest).
async function insert(key: string, expiresAt: Date): Promise<boolean> {
  try {
    await getDb().replayGuard.create({ data: { key, expiresAt } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
    throw error;
  }
}

// A conditional update: the row lock serialises concurrent takers, and each re-reads the expiry, so only
// the first finds it expired. If the row was pruned in between, this updates nothing and the second
// insert decides.
async function takeOverExpired(key: string, expiresAt: Date, now: Date): Promise<boolean> {
  const { count } = await getDb().replayGuard.updateMany({ where: { key, expiresAt: { lte: now } }, data: { expiresAt } });
  return count === 1;
}

async function pruneOccasionally(now: Date): Promise<void> {
  const last = globalForReplay.onboardReplayPrunedAt;
  if (last !== undefined && Math.abs(now.getTime() - last) < PRUNE_INTERVAL_MS) return;
  globalForReplay.onboardReplayPrunedAt = now.getTime();
  await getDb().replayGuard.deleteMany({ where: { expiresAt: { lt: now } } });
}
