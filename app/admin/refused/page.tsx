import type { Metadata } from 'next';
import { SignInButton } from '@/components/sign-in-button';
import { Card } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Access refused' };

export default function AdminRefusedPage() {
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">You don&apos;t have the admin role</h1>
      <Card>
        <p role="alert" className="text-slate-700">
          The bank&apos;s identity provider signed you in, but your account is not in the Onboard admin group, so the admin console is
          closed to you. Ask the team that manages bank identities to grant the role if you need it.
        </p>
        <div className="mt-6">
          <SignInButton callbackUrl="/admin" provider="bank" forceLogin label="Sign in with another bank account" />
        </div>
      </Card>
    </div>
  );
}
