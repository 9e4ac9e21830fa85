import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/require-user';

export const metadata: Metadata = { title: 'Register software' };

export default async function RegisterPage() {
  const user = await requireUser('/register');
  return (
    <>
      <PageHeader title="Register software" lead={`Create an OAuth client for ${user.organisation.name} from a software statement.`} />
      <Card>
        <h2 className="text-lg font-semibold">Coming next: manual registration</h2>
        <p className="mt-2 text-slate-700">
          Here you will upload or paste a Software Statement Assertion issued by the directory, see a validation report with every
          check the bank runs, choose redirect URIs, scopes and an authentication method, and receive your client id.
        </p>
      </Card>
    </>
  );
}
