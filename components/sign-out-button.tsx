'use client';

import { signOut } from 'next-auth/react';

/** Ends the portal session (the directory keeps its own). */
export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/' })}
      className="rounded-md border border-slate-300 px-3 py-2 font-medium text-slate-700 hover:bg-slate-100"
    >
      Sign out
    </button>
  );
}
