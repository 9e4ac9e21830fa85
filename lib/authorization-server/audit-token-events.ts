import 'server-only';
import type { IncomingMessage } from 'node:http';
import { trackAuditWrite } from '@/lib/audit/audit-counters';
import { recordAuditRefusal } from '@/lib/audit/record-audit-refusal';
import { tallyAuditOccurrence } from '@/lib/audit/tally-audit-occurrence';
import { readCertificate } from '@/lib/certificates/read-certificate';
import type { PrismaClient } from '@/lib/db';
import type { OidcError, OidcKoaContext, OidcProvider } from './oidc-provider-types';

/** What the token audit reads of a request beside oidc-provider's context. */
export type TokenAuditOptions = {
  prisma: PrismaClient;
  getClientCertificate: (req: IncomingMessage) => string | null;
  getClientAddress: (req: IncomingMessage) => string | null;
  logError: (message: string) => void;
};

// oidc-provider's error events of the endpoints where a client authenticates (lib/helpers/initialize_app.js).
const CLIENT_AUTHENTICATION_ERROR_EVENTS = { 'grant.error': 'token', 'introspection.error': 'introspection', 'revocation.error': 'revocation' } as const;

/**
 * Audits the token endpoint from oidc-provider's events, never holding up the answer: each issued token is tallied in
 * memory (`token.issued`: client, certificate thumbprint, scope; one summary per window, never the token), and each
 * failed client authentication (`invalid_client`, including the OB certificate checks) is counted as a refusal
 * (`token.client_authentication_failed`: the client, or the id claimed when there is none, oidc-provider's reason,
 * the address and certificate thumbprint), written after the answer.
 */
export function auditTokenEvents(provider: OidcProvider, options: TokenAuditOptions): void {
  provider.on('grant.success', (ctx) => {
    const token = ctx.oidc?.entities?.ClientCredentials;
    if (!token?.clientId) return;
    const certificateThumbprint = token['x5t#S256'] ?? null;
    const scope = token.scope ?? '';
    tallyAuditOccurrence({
      actor: { type: 'client', id: token.clientId },
      action: 'token.issued',
      clientId: token.clientId,
      key: [token.clientId, certificateThumbprint, scope],
      details: { certificateThumbprint, scope },
    });
  });
  for (const [event, endpoint] of Object.entries(CLIENT_AUTHENTICATION_ERROR_EVENTS)) {
    provider.on(event as keyof typeof CLIENT_AUTHENTICATION_ERROR_EVENTS, (ctx, error) => {
      if (error.error !== 'invalid_client') return;
      // Tracked from the start (the client lookup comes before the counter write): a flush that follows the answer
      // waits for it.
      trackAuditWrite(recordAuthenticationFailure(ctx, error, endpoint, options)).catch((fault: unknown) =>
        options.logError(`authorization server: a failed client authentication could not be audited: ${(fault as Error).name}`),
      );
    });
  }
}

async function recordAuthenticationFailure(ctx: OidcKoaContext, error: OidcError, endpoint: string, options: TokenAuditOptions): Promise<void> {
  const address = options.getClientAddress(ctx.req);
  const certificateThumbprint = thumbprintOf(options.getClientCertificate(ctx.req));
  // The client oidc-provider found for the credentials, else the id the request named in its form (if any).
  const clientId = ctx.oidc?.client?.clientId ?? null;
  const claimed = typeof ctx.oidc?.params?.client_id === 'string' ? ctx.oidc.params.client_id.slice(0, 200) : null;
  const client = clientId ? await options.prisma.client.findFirst({ where: { clientId }, select: { organisationId: true } }) : null;
  await recordAuditRefusal(options.prisma, {
    actor: { type: 'anonymous', id: address },
    action: 'token.client_authentication_failed',
    clientId,
    organisationId: client?.organisationId ?? null,
    key: [clientId ?? claimed, address, certificateThumbprint],
    details: {
      endpoint,
      ...(clientId ? {} : { claimedClientId: claimed }),
      reason: error.error_detail ?? error.error_description ?? error.error,
      address,
      certificateThumbprint,
    },
  });
}

function thumbprintOf(certificatePem: string | null): string | null {
  if (certificatePem === null) return null;
  try {
    return readCertificate(certificatePem).thumbprintS256;
  } catch {
    return null;
  }
}
