'use client';

import { useActionState } from 'react';
import { recheckTrustAction, type TrustRecheckState } from '@/app/admin/actions';

/** Runs the trust re-check now and announces what it did. */
export function TrustRecheckForm() {
  const [state, formAction, isPending] = useActionState(recheckTrustAction, { status: 'idle' } as TrustRecheckState);
  return (
    <form action={formAction} className="mt-4 flex flex-wrap items-center gap-3">
      <button type="submit" disabled={isPending} className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
        {isPending ? 'Re-checking…' : 'Re-check now'}
      </button>
      <p aria-live="polite" data-testid="trust-recheck-outcome" className="text-sm text-slate-700">
        {state.status === 'idle' ? null : state.status === 'ran' ? state.outcome : state.message}
      </p>
    </form>
  );
}
