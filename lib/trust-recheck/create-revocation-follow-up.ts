import { createLruCache } from '@/lib/cache/create-lru-cache';

/** How long after a client's re-check a token request's finding does not ask for another. */
export const FOLLOW_UP_INTERVAL_MS = 60_000;

/**
 * What the token endpoint does when it finds a client's certificate revoked (OB-RULES *Trust over time*: a revoked
 * certificate suspends the client): re-checks that client in the background, at most once a minute per client
 * however often it retries. The re-check suspends it when nothing it could authenticate with is left, as the
 * scheduled one does; a concurrent decision on it wins or loses as admins' do. Failures are logged by name only.
 */
export function createRevocationFollowUp(
  recheck: (clientId: string) => Promise<unknown>,
  { minIntervalMs = FOLLOW_UP_INTERVAL_MS, now = Date.now, log = (line: string) => console.error(line) } = {},
): (clientId: string) => void {
  const asked = createLruCache<number>(10_000);
  return (clientId) => {
    const at = now();
    const previous = asked.get(clientId);
    if (previous !== undefined && at - previous < minIntervalMs) return;
    asked.set(clientId, at);
    recheck(clientId).catch((error: unknown) => log(`[trust] the re-check of client ${clientId} failed: ${(error as Error).name}`));
  };
}
