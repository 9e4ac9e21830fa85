import 'server-only';
import { headers } from 'next/headers';
import { requestIdStorage } from './request-id-storage';

/** The id the portal gave the current request (`withMtlsRequest` or the root proxy), or null outside a request (scripts, tests). */
export async function getRequestId(): Promise<string | null> {
  const own = requestIdStorage.getStore();
  if (own !== undefined) return own;
  try {
    return (await headers()).get('x-request-id');
  } catch {
    // headers() throws outside a request scope.
    return null;
  }
}
