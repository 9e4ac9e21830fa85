import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdminSectionNav } from '@/components/admin/admin-section-nav';
import { ClientDecisionPanel } from '@/components/admin/client-decision-panel';
import { ClientEvidenceView } from '@/components/admin/client-evidence-view';
import { ClientHistoryList } from '@/components/admin/client-history-list';
import { ClientStatusBadge } from '@/components/admin/client-status-badge';
import { formatDateTime } from '@/components/admin/format-date-time';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { availableClientTransitions } from '@/lib/admin/available-client-transitions';
import { DECISION_REASON_MAX_LENGTH } from '@/lib/admin/decision-reason-schema';
import { getClientEvidence } from '@/lib/admin/get-client-evidence';
import { listClientHistory } from '@/lib/admin/list-client-history';
import { requireAdmin } from '@/lib/auth/require-admin';
import { findRegistrationRevocations } from '@/lib/software-revocation/find-registration-revocations';
import { getDb } from '@/lib/db';
import { trustDomainOf } from '@/lib/trust-domains/select-trust-domain';
import { getValidationContext } from '@/lib/validation/get-validation-context';
import { changeClientStatusAction } from './actions';

export const metadata: Metadata = { title: 'Client' };

type AdminClientPageProps = { params: Promise<{ clientId: string }> };

export default async function AdminClientPage({ params }: AdminClientPageProps) {
  const { clientId } = await params;
  await requireAdmin(`/admin/clients/${clientId}`);
  const evidence = await getClientEvidence(clientId, (environment) => trustDomainOf(environment, getValidationContext().domains)?.fetchJwks ?? null);
  if (!evidence) notFound();
  const history = await listClientHistory(clientId);
  const { client } = evidence;
  const revocations = await findRegistrationRevocations(getDb(), { softwareId: client.softwareId, environment: client.environment, organisationId: client.organisationId });
  const isDeleted = client.deletedAt !== null;
  // Approving and rejecting belong to the review queue, next to the evidence checklist.
  const transitions = availableClientTransitions(client.status, isDeleted).filter((transition) => transition !== 'approve' && transition !== 'reject');
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/clients" className="text-sm font-medium text-brand-700 underline">
          ← All clients
        </Link>
        <h1 className="mt-2 flex flex-wrap items-center gap-3 text-3xl font-semibold tracking-tight">
          {client.softwareClientName} <ClientStatusBadge status={client.status} isDeleted={isDeleted} />
        </h1>
        <p className="mt-1 font-mono text-xs text-slate-500">{client.clientId}</p>
      </div>
      <AdminSectionNav current="/admin/clients" />
      {isDeleted ? (
        <Notice title="This client was deleted">
          Deleted {formatDateTime(client.deletedAt ?? client.updatedAt)} by its TPP; its tokens were revoked and no decision can be taken on it.
        </Notice>
      ) : null}
      {client.status === 'pending' && !isDeleted ? (
        <Notice title="Waiting for review">
          Approve or reject it from the <Link href={`/admin/review/${client.clientId}`} className="underline">review queue</Link>, or revoke it here.
        </Notice>
      ) : null}
      {revocations.software || revocations.organisation ? (
        <Notice tone="warning" title={revocations.software ? 'Its software is revoked' : 'Its organisation is revoked'}>
          Since {formatDateTime((revocations.software ?? revocations.organisation)?.revokedAt ?? client.updatedAt)}: new registrations of it are refused (or held, per
          policy), and no client of it can be approved or reactivated until an admin lifts the revocation in the{' '}
          <Link href="/admin/policy#revocations" className="underline">
            registration policy
          </Link>
          .
        </Notice>
      ) : null}
      <Card>
        <h2 className="text-lg font-semibold">Status</h2>
        {client.statusChangedAt ? (
          <p className="mt-2 text-sm text-slate-700" data-testid="latest-decision">
            Latest decision {formatDateTime(client.statusChangedAt)}: <strong>{client.status}</strong>
            {client.statusReason ? <> — “{client.statusReason}”</> : null}
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-700">No admin decision yet: the client has been {client.status} since it was registered.</p>
        )}
        <div className="mt-4">
          <ClientDecisionPanel action={changeClientStatusAction.bind(null, client.clientId)} transitions={transitions} reasonMaxLength={DECISION_REASON_MAX_LENGTH} />
        </div>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Decision history</h2>
        <ClientHistoryList entries={history} />
        <p className="mt-4 text-sm">
          <Link href={`/admin/audit?clientId=${encodeURIComponent(client.clientId)}`} className="text-brand-700 underline">
            This client in the audit trail
          </Link>
        </p>
      </Card>
      <ClientEvidenceView evidence={evidence} />
    </div>
  );
}
