import 'server-only';
import { randomBytes } from 'node:crypto';
import { hashClientSecret } from './hash-client-secret';

/** A new client secret: the secret itself (shown once), its hash and masked tail (stored). */
export type GeneratedClientSecret = { secret: string; hash: string; tail: string };

const SECRET_BYTES = 32;
const TAIL_LENGTH = 4;

/**
 * Generates a client secret of 256 random bits. A fast hash is enough for a secret of this
 * entropy (there is nothing to brute-force); it is what lets the token endpoint look it up.
 */
export function generateClientSecret(): GeneratedClientSecret {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, hash: hashClientSecret(secret), tail: secret.slice(-TAIL_LENGTH) };
}
