import 'server-only';
import { getDb, type Prisma } from '@/lib/db';
import { generateSigningKey } from './generate-signing-key';
import { loadSigningKeys } from './load-signing-keys';

/**
 * Creates a new signing key and retires every other one in one transaction; the retired keys stay
 * published (`listPublishedKeys`) until the tokens they signed have expired. Returns the new `kid`.
 */
export async function rotateSigningKey(now: Date = new Date()): Promise<{ kid: string }> {
  const key = await generateSigningKey();
  await getDb().$transaction(async (tx) => {
    await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    await tx.signingKey.create({
      data: { kid: key.kid, alg: key.alg, publicJwk: key.publicJwk as Prisma.InputJsonObject, privateKeyPem: key.privateKeyPem },
    });
  });
  // This process signs with the new key at once; others pick it up within the cache TTL (30 s), and
  // meanwhile verify its tokens by reading the keys again when they meet its unknown kid.
  await loadSigningKeys({ maxAgeMs: 0 });
  return { kid: key.kid };
}
