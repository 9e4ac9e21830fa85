import type { Prisma } from '@/lib/db';
import type { ProvisionableClient } from '../to-embedded-client-metadata';

/** The columns of a client row that provisioning reads (`ProvisionableClient`), as a Prisma select. */
export const PROVISIONABLE_CLIENT_SELECT = {
  clientId: true,
  status: true,
  deletedAt: true,
  softwareId: true,
  tokenEndpointAuthMethod: true,
  tokenEndpointAuthSigningAlg: true,
  tlsClientAuthSubjectDn: true,
  scopes: true,
  grantTypes: true,
  secretHash: true,
  softwareStatementClaims: true,
} as const satisfies Record<keyof ProvisionableClient, true> & Prisma.ClientSelect;

/** Whether the authorization server must serve the client (OB-RULES token endpoint: active and undeleted only). */
export function isServedClient(client: Pick<ProvisionableClient, 'status' | 'deletedAt'>): boolean {
  return client.status === 'active' && client.deletedAt === null;
}
