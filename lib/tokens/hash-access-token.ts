import { createHash } from 'node:crypto';

/** The stored form of an access token (hex SHA-256); the token itself is never stored. */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
