import 'server-only';
import { createHash } from 'node:crypto';
import { toEmbeddedClientMetadata, type ProvisionableClient } from '../to-embedded-client-metadata';

/** An RFC 7591 registration request, with the client_id Onboard asks for. */
export type RemoteClientMetadata = Record<string, unknown> & { client_id: string };

/**
 * The RFC 7591 registration request for the bank's own authorization server: the metadata the embedded server
 * serves (one mapping, so the two cannot drift), with Onboard's `client_id` asked for, and without what only the
 * embedded server reads (`org_id`, for its OB checks). A `client_secret_basic` client cannot be provisioned there:
 * such a server issues its own secret, while Onboard keeps only the hash of the one it showed the TPP.
 */
export function toRemoteClientMetadata(client: ProvisionableClient): RemoteClientMetadata {
  if (client.tokenEndpointAuthMethod === 'client_secret_basic') {
    throw new Error(`client ${client.clientId} uses client_secret_basic, which Onboard cannot provision into a remote authorization server`);
  }
  const { org_id: _embeddedOnly, ...metadata } = toEmbeddedClientMetadata(client);
  return metadata;
}

/** The SHA-256 of a registration request as sent, to tell whether the server already holds it. */
export function hashRemoteClientMetadata(metadata: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(metadata), 'utf8').digest('hex');
}
