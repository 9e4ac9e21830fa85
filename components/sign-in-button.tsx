'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';

/** Starts the authorization-code flow at the Open Banking Directory. */
/** `forceLogin` asks the directory to show its sign-in form even when it already has a session. */
export function SignInButton({
  callbackUrl,
  forceLogin = false,
  label,
  provider = 'directory',
}: {
  callbackUrl: string;
  forceLogin?: boolean;
  label?: string;
  /** `directory` for TPP users, `bank` for the bank's staff. */
  provider?: 'directory' | 'bank';
}) {
  const [isPending, setIsPending] = useState(false);
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={() => {
        setIsPending(true);
        void signIn(provider, { callbackUrl }, forceLogin ? { prompt: 'login' } : undefined);
      }}
      className="w-full rounded-md bg-brand-600 px-4 py-3 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
    >
      {isPending ? 'Redirecting…' : (label ?? 'Sign in with the Open Banking Directory')}
    </button>
  );
}
