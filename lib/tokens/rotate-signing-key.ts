import 'server-only';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { loadKeySealer } from '@/lib/key-encryption/load-key-sealer';
import { generateSigningKey } from './generate-signing-key';
import { loadSigningKeys } from './load-signing-keys';
import { sealSigningKey } from './seal-signing-key';

/**
 * Creates a new signing key and retires every other one in one transaction; the retired keys stay
 * published (`listPublishedKeys`) until the tokens they signed have expired. Returns the new `kid`.
 */
export async function rotateSigningKey(now: Date = new Date()): Promise<{ kid: string }> {
  const key = await generateSigningKey();
  const data = await sealSigningKey(key, await loadKeySealer(getEnv()));
  await getDb().$transaction(async (tx) => {
    await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    await tx.signingKey.create({ data });
  });
  // This process signs with the new key at once; others pick it up within the cache TTL (30 s), and
  // meanwhile verify its tokens by reading the keys again when they meet its unknown kid.
  await loadSigningKeys({ maxAgeMs: 0 });
  return { kid: data.kid };
}
