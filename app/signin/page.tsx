import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/components/sign-in-button';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { getCurrentUser } from '@/lib/auth/get-current-user';
import { describeSignInError } from '@/lib/auth/describe-sign-in-error';
import { resolveCallbackUrl } from '@/lib/auth/resolve-callback-url';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Sign in' };

type SignInPageProps = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { callbackUrl, error } = await searchParams;
  // Only the portal's own origin, as the browser will read the URL: anything else would make this an open redirect.
  const target = resolveCallbackUrl(callbackUrl, { portalUrl: getEnv().portalUrl, fallback: '/applications' });
  if (!error && (await getCurrentUser())) redirect(target);
  const problem = error ? describeSignInError(error) : null;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">Sign in</h1>
      {problem ? (
        <Notice tone="error" title={problem.title}>
          {problem.detail}
        </Notice>
      ) : null}
      <Card>
        <p className="mb-6 text-slate-700">
          TPP developers sign in with their Open Banking Directory account. Your organisation and its roles come from the
          directory; you will act for that organisation here.
        </p>
        <SignInButton callbackUrl={target} />
      </Card>
    </div>
  );
}
