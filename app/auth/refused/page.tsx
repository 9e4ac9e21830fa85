import type { Metadata } from 'next';
import { SignInButton } from '@/components/sign-in-button';
import { Card } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Access refused' };

const REASONS: Record<string, string> = {
  not_tpp_associated:
    'Your Open Banking Directory account is not associated with a third-party provider (your token does not say tpp_associated: true). Only staff of an organisation enrolled as an AISP, PISP or CBPII can register software with the bank.',
  missing_organisation:
    'Your directory account is associated with a TPP, but the directory did not say which organisation you belong to, so the portal cannot tell whose clients to show you.',
};

type RefusedPageProps = { searchParams: Promise<{ reason?: string }> };

export default async function RefusedPage({ searchParams }: RefusedPageProps) {
  const { reason } = await searchParams;
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">You can&apos;t use this portal with that account</h1>
      <Card>
        <p role="alert" className="text-slate-700">
          {REASONS[reason ?? ''] ?? REASONS.not_tpp_associated}
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
