import type { TestJwksServer } from './start-jwks-server';

/**
 * Publishes the directory's two revoked-key lists on a test JWKS server, both empty (nothing revoked yet), and
 * answers the SSA claims that name them.
 */
export function serveEmptyRevokedKeyLists(server: TestJwksServer): { software_jwks_revoked_endpoint: string; org_jwks_revoked_endpoint: string } {
  server.serve('/revoked/software.jwks', { body: { keys: [] } });
  server.serve('/revoked/organisation.jwks', { body: { keys: [] } });
  return { software_jwks_revoked_endpoint: server.url('/revoked/software.jwks'), org_jwks_revoked_endpoint: server.url('/revoked/organisation.jwks') };
}
