import 'server-only';
import { getDb } from '@/lib/db';

/** Revokes every live access token of a client (by `Client.id`), e.g. when it is deleted (RFC 7592, OB-RULES management); returns how many. */
export async function revokeClientAccessTokens(clientDbId: string, now: Date = new Date()): Promise<number> {
  const { count } = await getDb().accessToken.updateMany({
    where: { clientId: clientDbId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count;
}
