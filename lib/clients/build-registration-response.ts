import type { Client } from '@/lib/db';
import { readStoredSoftwareStatement } from './read-stored-software-statement';
import { toRfc7591Metadata } from './to-rfc7591-metadata';

// Registration-time claims of the SSA JWS itself, not facts about the software.
const SSA_ENVELOPE_CLAIMS = new Set(['iss', 'iat', 'exp', 'nbf', 'jti']);

/**
 * The RFC 7591 §3.2.1 / OB DCR v3.3 registration response for a client: its id and issue time, the
 * metadata as accepted (with the bank's defaults substituted), the SSA and its claims flattened in.
 */
export function buildRegistrationResponse(client: Client): Record<string, unknown> {
  const ssa = readStoredSoftwareStatement(client.softwareStatementClaims);
  const softwareClaims = Object.fromEntries(Object.entries(ssa.raw).filter(([claim]) => !SSA_ENVELOPE_CLAIMS.has(claim)));
  return {
    ...softwareClaims,
    client_id: client.clientId,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    ...toRfc7591Metadata(client),
    software_id: client.softwareId,
    software_statement: client.softwareStatement,
  };
}
