import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SignInButton } from '@/components/sign-in-button';
import { Card } from '@/components/ui/card';
import type { SignInRefusal } from '@/lib/auth/read-directory-identity';

export const metadata: Metadata = { title: 'Access refused' };

// A Map, not an object: a reason from the URL such as "__proto__" or "constructor" must not find Object.prototype's members.
const REASONS = new Map<string, string>(Object.entries({
  not_tpp_associated:
    'Your Open Banking Directory account is not associated with a third-party provider (your token does not say tpp_associated: true). Only staff of an organisation enrolled as an AISP, PISP or CBPII can register software with the bank.',
  missing_organisation:
    'Your directory account is associated with a TPP, but the directory did not say which organisation you belong to, so the portal cannot tell whose clients to show you.',
} satisfies Record<SignInRefusal, string>));

type RefusedPageProps = { searchParams: Promise<{ reason?: string | string[] }> };

export default async function RefusedPage({ searchParams }: RefusedPageProps) {
  const { reason = 'not_tpp_associated' } = await searchParams;
  // The portal sends one of the reasons above; any other (or several) is no refusal it made.
  const message = typeof reason === 'string' ? REASONS.get(reason) : undefined;
  if (message === undefined) notFound();
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">You can&apos;t use this portal with that account</h1>
      <Card>
        <p role="alert" className="text-slate-700">
          {message}
        </p>
        <p className="mt-4 text-slate-700">
          If you think this is wrong, ask your organisation&apos;s primary technical contact to check your user in the Open
          Banking Directory, then sign in again.
        </p>
        <div className="mt-6">
          <SignInButton callbackUrl="/applications" forceLogin label="Sign in with another account" />
        </div>
      </Card>
    </div>
  );
}
