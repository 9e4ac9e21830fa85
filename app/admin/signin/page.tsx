import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/components/sign-in-button';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { getCurrentAdmin } from '@/lib/auth/get-current-admin';
import { getCurrentUser } from '@/lib/auth/get-current-user';
import { resolveCallbackUrl } from '@/lib/auth/resolve-callback-url';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Admin sign-in' };

type AdminSignInPageProps = { searchParams: Promise<{ callbackUrl?: string }> };

export default async function AdminSignInPage({ searchParams }: AdminSignInPageProps) {
  const { callbackUrl } = await searchParams;
  // The admin console on the portal's own origin only: anything else would make this page an open redirect.
  const target = resolveCallbackUrl(callbackUrl, { portalUrl: getEnv().portalUrl, fallback: '/admin', under: '/admin' });
  if (await getCurrentAdmin()) redirect(target);
  const tppUser = await getCurrentUser();
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">Bank admin sign-in</h1>
      {tppUser ? (
        <Notice tone="warning" title="You are signed in as a TPP user">
          The admin console is for the bank&apos;s own staff. Directory accounts never have access; sign in with your bank account instead.
        </Notice>
      ) : null}
      <Card>
        <p className="mb-6 text-slate-700">
          Bank staff sign in with the bank&apos;s workforce identity provider. Only members of the admin group can review, approve,
          suspend and revoke clients.
        </p>
        <SignInButton callbackUrl={target} provider="bank" forceLogin label="Sign in with the bank's identity provider" />
      </Card>
    </div>
  );
}
