'use server';

import { revalidatePath } from 'next/cache';
import { requestTrustRecheck, type RequestedTrustRecheck } from '@/lib/admin/request-trust-recheck';
import { requireAdmin } from '@/lib/auth/require-admin';

/** State of the re-check-now form: idle, or what the run did, announced in an aria-live region. */
export type TrustRecheckState = { status: 'idle' } | RequestedTrustRecheck;

/** Runs the trust re-check of every live client now (audited, with the admin as its actor). */
export async function recheckTrustAction(_previous: TrustRecheckState): Promise<TrustRecheckState> {
  const admin = await requireAdmin('/admin');
  const result = await requestTrustRecheck(admin);
  // The counts and the suspensions it made belong on the pages.
  revalidatePath('/admin');
  revalidatePath('/admin/clients');
  return result;
}
