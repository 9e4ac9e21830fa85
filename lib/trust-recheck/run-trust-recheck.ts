import 'server-only';
import { changeClientStatusAsSystem } from '@/lib/admin/change-client-status';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { KEPT_CERTIFICATE_ORDER } from '@/lib/clients/kept-certificate-select';
import { getDb } from '@/lib/db';
import { trustRecheckCertificates, trustRecheckSuspensions } from '@/lib/metrics/metrics';
import type { RevokedKeyLists } from '@/lib/revoked-keys/check-revoked-keys';
import { recheckCertificate, withoutUsableCertificate, type CertificateTrust, type CertificateTrustStatus, type TrustSources } from './recheck-certificate';

/** What one re-check of every live client did. */
export type TrustRecheckReport = {
  clients: number;
  certificates: Record<CertificateTrustStatus, number>;
  /** Clients suspended because a revocation left them no certificate to authenticate with. */
  suspended: number;
  /** Clients whose suspension did not go through (the authorization server did not confirm it; retried by its outbox). */
  notConfirmed: number;
};

export type TrustRecheckOptions = ProvisioningOptions & {
  /** The trust domains: each client is re-checked in its environment's (OB-RULES *Trust over time*, environments). */
  domains: readonly (TrustSources & { environment: string })[];
  now?: () => Date;
  /** Clients read per page. */
  pageSize?: number;
  /** Only this client (a token request found its certificate revoked), rather than every live one. */
  clientId?: string;
  /** Where what the bank alone may read goes: why no status source answered. */
  log?: (line: string) => void;
};

const LIVE = ['active', 'pending'] as const;

/**
 * Re-checks the transport certificates kept with every live (active or pending) client (OB-RULES *Trust over
 * time*, re-checking), client by client, and records each one's status. An active client left with no certificate
 * it could authenticate with, because one was revoked (by its authority, or on the directory's revoked lists) and
 * the others are revoked or expired too, is suspended with that reason, which its TPP reads on its application
 * page; its tokens are revoked and it is deprovisioned at the authorization server, audited as `client.suspended` by
 * the system. Neither it nor a pending one can then be approved or reactivated until its TPP registers a current
 * certificate. A revoked certificate the client rotated away from is only marked: the token endpoint refuses it,
 * and the client goes on with its current one. Nothing is deleted.
 */
export async function runTrustRecheck(options: TrustRecheckOptions): Promise<TrustRecheckReport> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line) => console.warn(line));
  const report: TrustRecheckReport = {
    clients: 0,
    certificates: { good: 0, revoked: 0, unknown: 0, not_checkable: 0, untrusted: 0, expired: 0 },
    suspended: 0,
    notConfirmed: 0,
  };
  const pageSize = options.pageSize ?? 100;
  let after: string | null = null;
  for (;;) {
    const clients = await readLiveClients(after, pageSize, options.clientId);
    for (const client of clients) {
      report.clients += 1;
      const lists = revokedKeyListsOf(client.softwareStatementClaims);
      const domain = options.domains.find((candidate) => candidate.environment === client.environment);
      const found: CertificateTrust[] = [];
      for (const kept of client.certificates) {
        const trust = domain === undefined ? outsideEveryDomain(client.environment) : await recheckCertificate(kept.certificate, lists, domain, now());
        report.certificates[trust.status] += 1;
        trustRecheckCertificates.inc({ status: trust.status });
        if (trust.problems.length > 0) log(`[trust] client ${client.clientId}, certificate ${kept.serialNumber}: no status: ${trust.problems.join('; ')}`);
        await getDb().clientCertificate.update({ where: { id: kept.id }, data: { trustStatus: trust.status, trustDetail: trust.detail, trustCheckedAt: now() } });
        found.push(trust);
      }
      const revoked = withoutUsableCertificate(found);
      if (client.status !== 'active' || revoked === null) continue;
      const result = await changeClientStatusAsSystem(client.clientId, 'suspend', suspensionReason(revoked.detail), options);
      if (result.status === 'changed' || result.status === 'unavailable') trustRecheckSuspensions.inc();
      if (result.status === 'changed') report.suspended += 1;
      if (result.status === 'unavailable') {
        report.suspended += 1;
        report.notConfirmed += 1;
      }
    }
    if (clients.length < pageSize) return report;
    after = clients.at(-1)?.id ?? null;
  }
}

// A client of an environment the configuration no longer serves: no CA of the bank vouches for its certificates.
function outsideEveryDomain(environment: string): CertificateTrust {
  return { status: 'untrusted', detail: `the bank no longer trusts certificates of the ${environment} environment`, problems: [] };
}

// A page of live clients with certificates, after the client `after` (by row id), each with its certificates, oldest first.
function readLiveClients(after: string | null, pageSize: number, clientId: string | undefined) {
  return getDb().client.findMany({
    where: {
      status: { in: [...LIVE] },
      deletedAt: null,
      certificates: { some: {} },
      ...(after === null ? {} : { id: { gt: after } }),
      ...(clientId === undefined ? {} : { clientId }),
    },
    orderBy: { id: 'asc' },
    take: pageSize,
    select: {
      id: true,
      clientId: true,
      status: true,
      environment: true,
      softwareStatementClaims: true,
      certificates: { orderBy: [...KEPT_CERTIFICATE_ORDER], select: { id: true, certificate: true, serialNumber: true } },
    },
  });
}

/** The reason a suspended client's TPP reads: what was found, and what to do. */
export function suspensionReason(detail: string): string {
  return `Onboard suspended this client after re-checking its trust: ${detail}. Add a current transport certificate of the software to this client (Update transport certificate, on its page in My applications), then ask the bank to reactivate it.`;
}

function revokedKeyListsOf(claims: unknown): RevokedKeyLists {
  const { software_jwks_revoked_endpoint, org_jwks_revoked_endpoint } = (claims ?? {}) as Record<string, unknown>;
  return {
    ...(typeof software_jwks_revoked_endpoint === 'string' ? { software_jwks_revoked_endpoint } : {}),
    ...(typeof org_jwks_revoked_endpoint === 'string' ? { org_jwks_revoked_endpoint } : {}),
  };
}

/** The report in a line, for the run's record and the audit trail. */
export function describeTrustRecheck(report: TrustRecheckReport): string {
  const counted = Object.entries(report.certificates)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status.replace('_', ' ')}`);
  const certificates = counted.length === 0 ? 'no certificates' : counted.join(', ');
  const confirmed = report.notConfirmed > 0 ? ` (${report.notConfirmed} not yet confirmed by the authorization server)` : '';
  return `${report.clients} client${report.clients === 1 ? '' : 's'} re-checked: ${certificates}; ${report.suspended} suspended${confirmed}`;
}
