import 'server-only';
import { CompactEncrypt, compactDecrypt } from 'jose';
import type { KeySealer } from './key-sealer';
import type { KeyEncryptionKey } from './load-key-encryption-key';

// The KEK is the content encryption key itself (RFC 7516 "dir"): AES-256-GCM, authenticated, a fresh IV each time.
const ALG = 'dir';
const ENC = 'A256GCM';

/** Seals with the local key-encryption key (`KEY_ENCRYPTION_KEY`) as a JWE: `dir`, `A256GCM`, the KEK's `kid`. */
export function createLocalKeySealer(kek: KeyEncryptionKey): KeySealer {
  return {
    kid: kek.kid,
    seal: (plaintext) => new CompactEncrypt(plaintext).setProtectedHeader({ alg: ALG, enc: ENC, kid: kek.kid }).encrypt(kek.key),
    open: async (jwe) => {
      const { plaintext } = await compactDecrypt(jwe, kek.key, { keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC] });
      return plaintext;
    },
  };
}
