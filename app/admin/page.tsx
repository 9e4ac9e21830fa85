import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Admin' };

export default function AdminPage() {
  return (
    <>
      <PageHeader title="Bank admin console" lead="For the bank's own staff, who govern which TPP clients get access." />
      <Card>
        <h2 className="text-lg font-semibold">Coming next</h2>
        <p className="mt-2 text-slate-700">
          Bank staff will sign in here with the bank&apos;s workforce identity provider (not the Open Banking Directory) to review,
          approve, suspend and revoke clients, set registration policy and read the audit trail. TPP accounts will never have access.
        </p>
      </Card>
    </>
  );
}
