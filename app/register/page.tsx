import type { Metadata } from 'next';
import { RegisterForm } from '@/components/registration/register-form';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/require-user';
import { getPolicy } from '@/lib/policy/get-policy';
import { withRegistrationPolicy } from '@/lib/policy/with-registration-policy';
import { fetchSandboxSoftwareStatement } from '@/lib/sandbox/fetch-sandbox-software-statement';
import { getValidationContext } from '@/lib/validation/get-validation-context';

export const metadata: Metadata = { title: 'Register software' };

type RegisterPageProps = { searchParams: Promise<{ sandboxSoftware?: string }> };

export default async function RegisterPage({ searchParams }: RegisterPageProps) {
  const user = await requireUser('/register');
  const { sandboxSoftware } = await searchParams;
  // From the Sandbox page: the SSA of software the sandbox directory just made for this organisation.
  const prefilled = sandboxSoftware ? await fetchSandboxSoftwareStatement(user.organisation.directoryOrgId, sandboxSoftware) : null;
  // The methods a manual registration may choose, narrowed by the policy exactly as the validators narrow them.
  const { tokenEndpointAuthMethods } = withRegistrationPolicy(getValidationContext(), await getPolicy()).manualRegistrationPolicy;
  return (
    <>
      <PageHeader
        title="Register software"
        lead={`Create an OAuth client for ${user.organisation.name} from a software statement (SSA). Nothing is created until you press Register; Check shows every test the bank runs.`}
      />
      {sandboxSoftware && !prefilled ? (
        <div className="mb-6">
          <Notice tone="warning">The sandbox software statement could not be fetched; paste or upload one instead.</Notice>
        </div>
      ) : null}
      <RegisterForm initialSoftwareStatement={prefilled ?? undefined} authMethods={tokenEndpointAuthMethods} />
    </>
  );
}
