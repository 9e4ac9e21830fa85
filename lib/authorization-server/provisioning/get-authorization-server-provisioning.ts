import 'server-only';
import { getDb } from '@/lib/db';
import { getEnv, type Env } from '@/lib/env';
import type { AuthorizationServerProvisioning } from './authorization-server-provisioning';
import { createEmbeddedProvisioning } from './create-embedded-provisioning';
import { createRemoteProvisioning } from './create-remote-provisioning';

/** Each request to the bank's server is answered within this, or counts as an outage. */
export const REMOTE_AUTHORIZATION_SERVER_TIMEOUT_MS = 5_000;
/** Cap on an answer of the bank's server (a client's metadata is a few KiB). */
export const REMOTE_AUTHORIZATION_SERVER_MAX_BYTES = 64 * 1024;

let remote: { issuer: string; provisioning: AuthorizationServerProvisioning } | undefined;

/**
 * The provisioning adapter the environment chooses (`AUTHORIZATION_SERVER`): the embedded authorization server by
 * default, else the bank's RFC 7591/7592 server at that issuer, with `AUTHORIZATION_SERVER_INITIAL_ACCESS_TOKEN`.
 * The lifecycle functions take it from here unless a caller (a test) hands them one.
 */
export function getAuthorizationServerProvisioning(env: Env = getEnv()): AuthorizationServerProvisioning {
  const config = env.authorizationServer;
  if (config.kind === 'embedded') return createEmbeddedProvisioning({ getPrisma: getDb });
  // One per process: it keeps the discovered registration endpoint.
  if (remote?.issuer !== config.issuer) {
    remote = {
      issuer: config.issuer,
      provisioning: createRemoteProvisioning({
        issuer: config.issuer,
        initialAccessToken: config.initialAccessToken,
        timeoutMs: REMOTE_AUTHORIZATION_SERVER_TIMEOUT_MS,
        maxBytes: REMOTE_AUTHORIZATION_SERVER_MAX_BYTES,
        getPrisma: getDb,
      }),
    };
  }
  return remote.provisioning;
}
