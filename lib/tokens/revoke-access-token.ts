import 'server-only';
import { getDb } from '@/lib/db';
import { hashAccessToken } from './hash-access-token';

/** Revokes an access token by its hash; an unknown or already revoked token is left as it is. */
export async function revokeAccessToken(token: string, now: Date = new Date()): Promise<void> {
  await getDb().accessToken.updateMany({ where: { tokenHash: hashAccessToken(token), revokedAt: null }, data: { revokedAt: now } });
}
