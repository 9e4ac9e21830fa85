import 'server-only';
import { decodeProtectedHeader } from 'jose';
import type { KeySealer } from '@/lib/key-encryption/key-sealer';
import { KeyEncryptionKeyError } from '@/lib/key-encryption/load-key-encryption-key';

/**
 * The PKCS#8 PEM of a stored signing key, opened with the key sealer. Refuses, with a `KeyEncryptionKeyError` that
 * names KEY_ENCRYPTION_KEY and the key ids (never the keys), a row still in clear, a row sealed by another key and
 * a sealed value that does not open.
 */
export async function openSigningKey(row: { kid: string; privateKeyJwe: string | null }, sealer: KeySealer): Promise<string> {
  if (row.privateKeyJwe === null) {
    throw new KeyEncryptionKeyError(`signing key ${row.kid} is stored in clear: npm start seals it under KEY_ENCRYPTION_KEY before the keys are used`);
  }
  const sealedKid = readSealedKid(row.privateKeyJwe);
  if (sealedKid !== undefined && sealedKid !== sealer.kid) {
    throw new KeyEncryptionKeyError(
      `the signing keys were sealed with key ${sealedKid}; KEY_ENCRYPTION_KEY holds ${sealer.kid}: set KEY_ENCRYPTION_KEY to the key that sealed them`,
    );
  }
  try {
    return new TextDecoder().decode(await sealer.open(row.privateKeyJwe));
  } catch {
    // jose says only that decryption failed; under the right key that means the stored value was altered.
    throw new KeyEncryptionKeyError(`signing key ${row.kid} does not open with key ${sealer.kid} (KEY_ENCRYPTION_KEY): the sealed value was altered`);
  }
}

function readSealedKid(jwe: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(jwe);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
