import 'server-only';
import type { Env } from '@/lib/env';
import { createLocalKeySealer } from './create-local-key-sealer';
import type { KeySealer } from './key-sealer';
import { loadKeyEncryptionKey } from './load-key-encryption-key';

/**
 * The sealer of the bank's private keys, chosen here: the local key-encryption key (`KEY_ENCRYPTION_KEY`, read once
 * per process). A KMS or HSM adapter implementing `KeySealer` would be returned from here instead.
 */
export async function loadKeySealer(env: Pick<Env, 'keyEncryptionKey' | 'dataDir'>): Promise<KeySealer> {
  return createLocalKeySealer(await loadKeyEncryptionKey(env));
}
