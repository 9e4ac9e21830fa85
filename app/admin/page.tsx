import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/auth/require-admin';
import { countClientsByStatus } from '@/lib/admin/count-clients-by-status';

export const metadata: Metadata = { title: 'Admin' };

const SECTIONS = [
  { href: '/admin/review', title: 'Review queue', text: 'Pending clients with the evidence to approve or reject them.' },
  { href: '/admin/clients', title: 'All clients', text: 'Search every client; suspend, reactivate or revoke with a reason.' },
  { href: '/admin/audit', title: 'Audit trail', text: 'Every registration, change, sign-in and decision; export and verify the hash chain.' },
  { href: '/admin/policy', title: 'Policy', text: 'Whether new clients start pending or active, the maximum SSA age, allowed auth methods.' },
] as const;

export default async function AdminPage() {
  const admin = await requireAdmin('/admin');
  const counts = await countClientsByStatus();
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
      <div className="grid gap-6 md:grid-cols-2">
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
