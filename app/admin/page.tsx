import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/auth/require-admin';
import { countClientsByStatus } from '@/lib/admin/count-clients-by-status';
import { readTrustOverview } from '@/lib/admin/read-trust-overview';
import { formatDateTime } from '@/components/admin/format-date-time';
import { TrustRecheckForm } from '@/components/admin/trust-recheck-form';

export const metadata: Metadata = { title: 'Admin' };

const SECTIONS = [
  { href: '/admin/review', title: 'Review queue', text: 'Pending clients with the evidence to approve or reject them.' },
  { href: '/admin/clients', title: 'All clients', text: 'Search every client; suspend, reactivate or revoke with a reason.' },
  { href: '/admin/audit', title: 'Audit trail', text: 'Every registration, change, sign-in and decision; export and verify the hash chain.' },
  { href: '/admin/policy', title: 'Policy', text: 'Whether new clients start pending or active, the maximum SSA age, allowed auth methods.' },
] as const;

export default async function AdminPage() {
  const admin = await requireAdmin('/admin');
  const [counts, trust] = await Promise.all([countClientsByStatus(), readTrustOverview()]);
  return (
    <>
      <PageHeader title="Bank admin console" lead={`Signed in as ${admin.name ?? admin.email ?? 'an admin'}. You govern which TPP clients get access.`} />
      <dl className="mb-8 grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="client-counts">
        {(['pending', 'active', 'suspended', 'revoked', 'rejected'] as const).map((status) => (
          <div key={status} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm capitalize text-slate-600">{status}</dt>
            <dd className="text-2xl font-semibold">{counts[status]}</dd>
          </div>
        ))}
      </dl>
      <Card>
        <h2 className="text-lg font-semibold">Trust re-check</h2>
        <p className="mt-1 text-slate-700" data-testid="trust-recheck-last-run">
          {trust.run?.lastStartedAt
            ? trust.run.lastEndedAt
              ? `Last run ${formatDateTime(trust.run.lastStartedAt)}: ${trust.run.lastOutcome ?? 'no outcome recorded'}. Next due ${formatDateTime(trust.run.nextRunAt)}.`
              : `A run started ${formatDateTime(trust.run.lastStartedAt)} and is under way.`
            : 'Not run yet: the API host runs it when it starts, then on its schedule.'}
        </p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
          <li>
            <Link href="/admin/clients?trust=rechecked" className="text-brand-700 underline">
              {trust.suspendedByRecheck} client{trust.suspendedByRecheck === 1 ? '' : 's'} suspended by the re-check
            </Link>{' '}
            (a revoked transport certificate)
          </li>
          <li>
            <Link href="/admin/clients?trust=expiring" className="text-brand-700 underline">
              {trust.expiring} client{trust.expiring === 1 ? '' : 's'} whose certificates end within 30 days
            </Link>
          </li>
        </ul>
        <TrustRecheckForm />
      </Card>
      <div className="mt-8 grid gap-6 md:grid-cols-2">
        {SECTIONS.map((section) => (
          <Card key={section.href}>
            <h2 className="text-lg font-semibold">
              <Link href={section.href} className="text-brand-700 underline">
                {section.title}
              </Link>
            </h2>
            <p className="mt-1 text-slate-700">{section.text}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
