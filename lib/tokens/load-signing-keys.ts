import 'server-only';
import { importPKCS8, type JWK } from 'jose';
import { getDb, Prisma } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { loadKeySealer } from '@/lib/key-encryption/load-key-sealer';
import { generateSigningKey } from './generate-signing-key';
import { openSigningKey } from './open-signing-key';
import { sealSigningKey } from './seal-signing-key';
import { BANK_SIGNING_ALG } from '@/lib/profile/ob-profile';
import { RETIRED_KEY_GRACE_SECONDS, SIGNING_KEY_CACHE_TTL_MS } from './token-policy';

/** A bank signing key as published: its public JWK, and when it was retired (null while it signs). */
export type PublishedSigningKey = { kid: string; publicJwk: JWK; retiredAt: Date | null };

/** The bank's keys as one process sees them: the key that signs, and every key that still verifies. */
export type SigningKeySet = {
  active: { kid: string; privateKey: CryptoKey };
  /** Non-retired keys, and retired keys whose tokens may not have expired yet, newest first. */
  published: PublishedSigningKey[];
};

type Cache = { loadedAt: number; keys: Promise<SigningKeySet> };

// On globalThis, as lib/db.ts does: Next.js may load this module more than once per process.
const globalForKeys = globalThis as typeof globalThis & { onboardSigningKeys?: Cache };

/**
 * The bank's signing keys, from the in-memory copy if its read began less than `maxAgeMs` ago (default
 * 30 s; a read still under way is shared), else read again; creates the first key when there is none.
 * `maxAgeMs: 0` always reads. Private keys are stored sealed under KEY_ENCRYPTION_KEY and opened here.
 */
export async function loadSigningKeys(options: { maxAgeMs?: number } = {}): Promise<SigningKeySet> {
  const maxAgeMs = options.maxAgeMs ?? SIGNING_KEY_CACHE_TTL_MS;
  const cached = globalForKeys.onboardSigningKeys;
  if (cached && Date.now() - cached.loadedAt < maxAgeMs) return cached.keys;
  const entry: Cache = { loadedAt: Date.now(), keys: readOrCreateKeys() };
  globalForKeys.onboardSigningKeys = entry;
  // A failed read is not kept: the next call tries again.
  entry.keys.catch(() => {
    if (globalForKeys.onboardSigningKeys === entry) globalForKeys.onboardSigningKeys = undefined;
  });
  return entry.keys;
}

async function readOrCreateKeys(): Promise<SigningKeySet> {
  const existing = await readKeys();
  if (existing) return existing;
  await insertFirstKey();
  // Two processes starting at once may both insert a key: both read back the same newest one.
  const created = await readKeys();
  if (!created) throw new Error('no active signing key after creating one');
  return created;
}

async function insertFirstKey(): Promise<void> {
  const key = await generateSigningKey();
  const data = await sealSigningKey(key, await loadKeySealer(getEnv()));
  try {
    await getDb().signingKey.create({ data });
  } catch (error) {
    // The same kid twice is the same key (RFC 7638 thumbprint): nothing to add.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
  }
}

async function readKeys(): Promise<SigningKeySet | null> {
  // Retired keys stay published until every token they signed has expired (schema: SigningKey).
  const retiredAfter = new Date(Date.now() - (getEnv().accessTokenTtlSeconds + RETIRED_KEY_GRACE_SECONDS) * 1000);
  const rows = await getDb().signingKey.findMany({
    where: { alg: BANK_SIGNING_ALG, OR: [{ retiredAt: null }, { retiredAt: { gt: retiredAfter } }] },
    orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }],
    select: { kid: true, publicJwk: true, retiredAt: true, privateKeyJwe: true },
  });
  const active = rows.find((row) => row.retiredAt === null);
  if (!active) return null;
  return {
    active: { kid: active.kid, privateKey: await importPKCS8(await openSigningKey(active, await loadKeySealer(getEnv())), BANK_SIGNING_ALG) },
    published: rows.map((row) => ({ kid: row.kid, publicJwk: row.publicJwk as JWK, retiredAt: row.retiredAt })),
  };
}
