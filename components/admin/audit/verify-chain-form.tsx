'use client';

import { useActionState } from 'react';
import { verifyChainAction, type VerifyChainState } from '@/app/admin/audit/actions';

/** Runs the audit chain verification and announces its outcome. */
export function VerifyChainForm() {
  const [state, formAction, isPending] = useActionState(verifyChainAction, { status: 'idle' } as VerifyChainState);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <button type="submit" disabled={isPending} className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
        {isPending ? 'Verifying…' : 'Verify chain'}
      </button>
      <p aria-live="polite" data-testid="audit-verification" className={`text-sm ${state.status === 'broken' ? 'font-medium text-red-700' : 'text-slate-700'}`}>
        {state.status === 'idle' ? null : state.message}
      </p>
    </form>
  );
}
