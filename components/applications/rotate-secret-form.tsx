'use client';

import { useActionState } from 'react';
import { rotateSecretAction, type RotateSecretState } from '@/app/applications/[clientId]/actions';

/** Rotates the client secret; the new one is shown in this response only. */
export function RotateSecretForm({ clientId }: { clientId: string }) {
  const [state, formAction, isPending] = useActionState(rotateSecretAction.bind(null, clientId), { status: 'idle' } as RotateSecretState);
  return (
    <form action={formAction} className="space-y-3">
      <button type="submit" disabled={isPending} className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
        Rotate secret
      </button>
      <div aria-live="polite">
        {state.status === 'rotated' && state.secret ? (
          <div className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm">
            <p className="font-medium">New client secret — copy it now, it is shown only once:</p>
            <code data-testid="rotated-client-secret" className="mt-1 block break-all">
              {state.secret}
            </code>
            <p className="mt-1 text-amber-800">The previous secret no longer works.</p>
          </div>
        ) : null}
        {state.formError ? (
          <p role="alert" className="text-sm text-red-700">
            {state.formError}
          </p>
        ) : null}
      </div>
    </form>
  );
}
