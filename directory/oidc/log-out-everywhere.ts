import type { OidcProvider } from './oidc-provider-types';
import type { SandboxDirectoryClient } from './create-oidc-provider';

/**
 * Tells every relying party that takes back-channel logout tokens that the user `sub` is logged out (OIDC
 * Back-Channel Logout 1.0, a token by subject): what the directory does when a user leaves their organisation.
 * Returns the clients that acknowledged; one that did not answer 200 is reported, not retried.
 */
export async function logOutEverywhere(provider: OidcProvider, clients: readonly SandboxDirectoryClient[], sub: string): Promise<{ notified: string[]; failed: string[] }> {
  const notified: string[] = [];
  const failed: string[] = [];
  for (const { clientId, backchannelLogoutUri } of clients) {
    if (!backchannelLogoutUri) continue;
    try {
      const client = await provider.Client.find(clientId);
      if (!client) throw new Error('the client is not registered');
      await client.backchannelLogout(sub);
      notified.push(clientId);
    } catch (error) {
      console.error(`sandbox directory: back-channel logout to ${clientId} failed:`, error instanceof Error ? error.message : error);
      failed.push(clientId);
    }
  }
  return { notified, failed };
}
