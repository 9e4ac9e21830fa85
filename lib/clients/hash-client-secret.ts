import { createHash } from 'node:crypto';

/** The stored form of a client secret (hex SHA-256); the secret itself is never stored. */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
