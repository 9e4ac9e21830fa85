import 'server-only';
import { KEPT_CERTIFICATE_ORDER, KEPT_CERTIFICATE_SELECT, toKeptCertificateViews, type KeptCertificateView } from '@/lib/clients/kept-certificate-select';
import { readStoredSoftwareStatement } from '@/lib/clients/read-stored-software-statement';
import { getDb, type Client, type ClientStatus, type Organisation } from '@/lib/db';
import type { JwksFetcher } from '@/lib/keys/key-resolver';
import { allowedScopesForRoles } from '@/lib/software-statement/allowed-scopes-for-roles';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import { readStoredReport } from '@/lib/validation/read-stored-report';
import type { ValidationReport } from '@/lib/validation/report';
import { readTransportCertificate, type TransportCertificateDetails } from './read-transport-certificate';

/** Another client of the same software, whichever organisation registered it. */
export type SiblingClient = {
  clientId: string;
  softwareClientName: string;
  environment: string;
  creationMethod: 'MCR' | 'DCR';
  status: ClientStatus;
  createdAt: Date;
  deletedAt: Date | null;
  organisation: { name: string; directoryOrgId: string };
};

/** What a reviewer weighs before deciding on a client (the review queue's evidence). */
export type ClientEvidence = {
  client: Client & { organisation: Organisation; certificates: KeptCertificateView[] };
  /** The stored SSA claims, typed; null if they cannot be read as an SSA. */
  ssa: SoftwareStatementClaims | null;
  /** Every stored SSA claim, as the directory sent it. */
  ssaClaims: Record<string, unknown>;
  /** OB-RULES SSA 7: the scopes the SSA's roles allow. */
  allowedScopes: string[];
  /** The client's scopes, each against the roles. */
  scopes: Array<{ scope: string; isAllowed: boolean }>;
  /** The client's redirect URIs, each against the SSA's `software_redirect_uris` (OB-RULES registration 4). */
  redirectUris: Array<{ uri: string; isInSsa: boolean }>;
  /** The SSA's redirect URIs, each marked when the client registered it. */
  ssaRedirectUris: Array<{ uri: string; isRegistered: boolean }>;
  certificate: TransportCertificateDetails | null;
  report: ValidationReport | null;
  otherClients: SiblingClient[];
};

const SIBLINGS_SHOWN = 50;

/**
 * The evidence for reviewing one client (any status, deleted included, so history can be read): its
 * organisation, SSA claims, roles against scopes, redirect URIs against the SSA's, its kept transport certificates
 * with their last trust status, the transport certificate the software JWKS publishes now (read with
 * `jwksFetcherFor` the client's environment), the registration report, and other clients of the same software. Null if unknown.
 */
export async function getClientEvidence(clientId: string, jwksFetcherFor: (environment: string) => JwksFetcher | null): Promise<ClientEvidence | null> {
  const client = await getDb().client.findUnique({
    where: { clientId },
    include: { organisation: true, certificates: { select: KEPT_CERTIFICATE_SELECT, orderBy: [...KEPT_CERTIFICATE_ORDER] } },
  });
  if (client === null) return null;
  const ssa = readSsa(client.softwareStatementClaims);
  const ssaClaims = ssa?.raw ?? (isRecord(client.softwareStatementClaims) ? client.softwareStatementClaims : {});
  const allowedScopes = allowedScopesForRoles(ssa?.software_roles ?? []);
  const ssaUris = ssa?.software_redirect_uris ?? [];
  // Read through the client's own trust domain's JWKS guard (none when the bank no longer serves its environment).
  const fetchJwks = jwksFetcherFor(client.environment);
  const [certificate, otherClients] = await Promise.all([
    ssa && fetchJwks ? readTransportCertificate(ssa.software_jwks_endpoint, fetchJwks) : Promise.resolve(null),
    getDb().client.findMany({
      where: { softwareId: client.softwareId, id: { not: client.id } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: SIBLINGS_SHOWN,
      select: {
        clientId: true,
        softwareClientName: true,
        environment: true,
        creationMethod: true,
        status: true,
        createdAt: true,
        deletedAt: true,
        organisation: { select: { name: true, directoryOrgId: true } },
      },
    }),
  ]);
  return {
    client: { ...client, certificates: toKeptCertificateViews(client.certificates) },
    ssa,
    ssaClaims,
    allowedScopes,
    scopes: client.scopes.map((scope) => ({ scope, isAllowed: allowedScopes.includes(scope) })),
    redirectUris: client.redirectUris.map((uri) => ({ uri, isInSsa: ssaUris.includes(uri) })),
    ssaRedirectUris: ssaUris.map((uri) => ({ uri, isRegistered: client.redirectUris.includes(uri) })),
    certificate,
    report: readStoredReport(client.validationReport),
    otherClients,
  };
}

// Stored claims passed every check at registration; a row written otherwise is still shown, untyped.
function readSsa(stored: Client['softwareStatementClaims']): SoftwareStatementClaims | null {
  try {
    const ssa = readStoredSoftwareStatement(stored);
    return Array.isArray(ssa.software_roles) && Array.isArray(ssa.software_redirect_uris) && typeof ssa.software_jwks_endpoint === 'string' ? ssa : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
