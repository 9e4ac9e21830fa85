'use client';

import { useState } from 'react';
import { deleteClientAction } from '@/app/applications/[clientId]/actions';

/** Deletes the client after an explicit confirmation. */
export function DeleteClientForm({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [isConfirming, setIsConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <button type="button" onClick={() => setIsConfirming(true)} className="rounded-md border border-red-300 px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50">
        Delete client
      </button>
    );
  }
  return (
    <form action={deleteClientAction.bind(null, clientId)} className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4" role="alertdialog" aria-labelledby="delete-heading">
      <p id="delete-heading" className="text-sm text-red-900">
        Delete <strong>{clientName}</strong>? Its access tokens are revoked at once and it can no longer obtain new ones. This cannot be undone.
      </p>
      <div className="flex gap-3">
        <button type="submit" className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800">
          Yes, delete it
        </button>
        <button type="button" onClick={() => setIsConfirming(false)} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          Cancel
        </button>
      </div>
    </form>
  );
}
