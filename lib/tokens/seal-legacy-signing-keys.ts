import 'server-only';
import { getDb } from '@/lib/db';
import { getDatabaseTarget } from '@/lib/db/get-database-target';
import { getEnv } from '@/lib/env';
import { loadKeySealer } from '@/lib/key-encryption/load-key-sealer';
import { KeyEncryptionKeyError } from '@/lib/key-encryption/load-key-encryption-key';

/**
 * The one-time step for deployments from before the signing keys were sealed (migration `sealed_signing_keys`):
 * seals every PEM still stored in clear under the key sealer and clears it, in one update per row, so that a row
 * holds either its old shape or the new one. Then rewrites the table (VACUUM FULL), so the cleartext leaves the
 * live pages, and on the embedded database checkpoints, so the WAL that held it can be recycled. Run by `npm start`
 * after the migrations; refuses to finish with a cleartext row left. Returns how many rows it sealed.
 */
export async function sealLegacySigningKeys(): Promise<number> {
  const db = getDb();
  const legacy = await db.signingKey.findMany({ where: { legacyPrivateKeyPem: { not: null } }, select: { id: true, legacyPrivateKeyPem: true } });
  if (legacy.length === 0) return 0;
  const sealer = await loadKeySealer(getEnv());
  let sealed = 0;
  for (const row of legacy) {
    const privateKeyJwe = await sealer.seal(new TextEncoder().encode(row.legacyPrivateKeyPem ?? ''));
    // Only while the PEM is still there: two launchers on one PostgreSQL database seal each row once.
    const { count } = await db.signingKey.updateMany({
      where: { id: row.id, legacyPrivateKeyPem: { not: null } },
      data: { privateKeyJwe, legacyPrivateKeyPem: null },
    });
    sealed += count;
  }
  const left = await db.signingKey.count({ where: { legacyPrivateKeyPem: { not: null } } });
  if (left > 0) throw new KeyEncryptionKeyError(`${left} signing key(s) are still stored in clear after sealing them under KEY_ENCRYPTION_KEY`);
  // VACUUM FULL writes the table anew and drops the old file; a plain VACUUM would leave the dead tuples' bytes.
  await db.$executeRawUnsafe('VACUUM FULL "SigningKey"');
  // PostgreSQL recycles its WAL after its own checkpoints (CHECKPOINT needs a privilege the app may lack there).
  if (getDatabaseTarget(getEnv()).kind === 'pglite') await db.$executeRawUnsafe('CHECKPOINT');
  return sealed;
}
