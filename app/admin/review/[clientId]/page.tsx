import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdminSectionNav } from '@/components/admin/admin-section-nav';
import { ClientDecisionPanel } from '@/components/admin/client-decision-panel';
import { ClientEvidenceView } from '@/components/admin/client-evidence-view';
import { ClientHistoryList } from '@/components/admin/client-history-list';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { availableClientTransitions } from '@/lib/admin/available-client-transitions';
import { DECISION_REASON_MAX_LENGTH } from '@/lib/admin/decision-reason-schema';
import { getClientEvidence } from '@/lib/admin/get-client-evidence';
import { listClientHistory } from '@/lib/admin/list-client-history';
import { requireAdmin } from '@/lib/auth/require-admin';
import { trustDomainOf } from '@/lib/trust-domains/select-trust-domain';
import { getValidationContext } from '@/lib/validation/get-validation-context';
import { reviewClientAction } from './actions';

export const metadata: Metadata = { title: 'Review client' };

type ReviewClientPageProps = { params: Promise<{ clientId: string }> };

export default async function ReviewClientPage({ params }: ReviewClientPageProps) {
  const { clientId } = await params;
  await requireAdmin(`/admin/review/${clientId}`);
  const evidence = await getClientEvidence(clientId, (environment) => trustDomainOf(environment, getValidationContext().domains)?.fetchJwks ?? null);
  if (!evidence) notFound();
  const history = await listClientHistory(clientId);
  const { client } = evidence;
  const transitions = availableClientTransitions(client.status, client.deletedAt !== null).filter((transition) => transition === 'approve' || transition === 'reject');
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/review" className="text-sm font-medium text-brand-700 underline">
          ← Review queue
        </Link>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">Review {client.softwareClientName}</h1>
        <p className="mt-1 font-mono text-xs text-slate-500">{client.clientId}</p>
      </div>
      <AdminSectionNav current="/admin/review" />
      {client.status !== 'pending' || client.deletedAt ? (
        <Notice title={client.deletedAt ? 'This client was deleted' : `This client is ${client.status}, not pending`}>
          There is nothing to review. <Link href={`/admin/clients/${client.clientId}`} className="underline">Manage it from All clients</Link>.
        </Notice>
      ) : (
        <p className="text-sm">
          <a href="#decision" className="text-brand-700 underline">
            Jump to the decision
          </a>
        </p>
      )}
      <ClientEvidenceView evidence={evidence} />
      <Card>
        <h2 className="mb-3 text-lg font-semibold">History</h2>
        <ClientHistoryList entries={history} />
      </Card>
      <Card>
        <h2 id="decision" className="mb-3 scroll-mt-6 text-lg font-semibold">
          Decision
        </h2>
        <ClientDecisionPanel action={reviewClientAction.bind(null, client.clientId)} transitions={transitions} reasonMaxLength={DECISION_REASON_MAX_LENGTH} />
      </Card>
    </div>
  );
}
