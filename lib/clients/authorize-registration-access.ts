import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { recordAuditRefusal } from '@/lib/audit/record-audit-refusal';
import { getDb, getSql, type Client } from '@/lib/db';
import { isStorableText } from '@/lib/db/is-storable-text';
import type { MtlsEndpointName } from '@/lib/http/with-mtls-request';
import { revokeClientAccessToken, verifyClientAccessToken } from '@/lib/authorization-server/verify-client-access-token';

/** Whether a `/register/{clientId}` call may proceed: the client, or the API error that refuses it. */
export type RegistrationAccess =
  | { status: 'granted'; client: Client }
  | { status: 'denied'; code: 'invalid_token' | 'access_denied'; description: string };

const BEARER = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * Authorizes RFC 7592 management of a client (OB-RULES management): a bearer access token from the
 * client-credentials grant, bound to the presented certificate, issued to that very client. An unknown
 * (or deleted) client id answers 401 and revokes the presented token; another client's token answers 403 and is
 * audited as `client.access_refused` with the `operation` (the endpoint) tried.
 */
export async function authorizeRegistrationAccess(
  clientId: string,
  authorization: string | null,
  certificatePem: string | null,
  operation: MtlsEndpointName,
): Promise<RegistrationAccess> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  if (!token) return { status: 'denied', code: 'invalid_token', description: 'a bearer access token is required' };
  const verified = await verifyClientAccessToken(getSql(), token, certificatePem);
  if (verified.status === 'invalid') return { status: 'denied', code: 'invalid_token', description: verified.description };

  // PostgreSQL text cannot hold NUL or a lone surrogate (the query itself would fail, a 500): such an id names no client.
  const client = isStorableText(clientId) ? await getDb().client.findFirst({ where: { clientId, deletedAt: null } }) : null;
  if (!client) {
    await revokeClientAccessToken(getSql(), token);
    await recordAuditEvent(getDb(), {
      actor: { type: 'client', id: verified.clientId },
      action: 'access_token.revoked',
      clientId: verified.clientId,
      details: { reason: 'presented for an unknown client id' },
    });
    return { status: 'denied', code: 'invalid_token', description: 'unknown client id; the presented access token has been revoked' };
  }
  if (verified.clientId !== client.clientId) {
    // Probing another client's registration: counted per target and token holder, the first at once (lib/audit).
    await recordAuditRefusal(getDb(), {
      actor: { type: 'client', id: verified.clientId },
      action: 'client.access_refused',
      clientId: client.clientId,
      organisationId: client.organisationId,
      key: [client.clientId, verified.clientId],
      details: { operation, reason: 'the access token was issued to another client' },
    });
    return { status: 'denied', code: 'access_denied', description: 'the access token was issued to another client' };
  }
  return { status: 'granted', client };
}
