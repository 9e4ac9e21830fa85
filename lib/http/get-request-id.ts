import 'server-only';
import { requestIdStorage } from './request-id-storage';

/** The id given to the current request (the API host's `withMtlsRequest` or the portal's root proxy), or null outside a request (scripts, tests). */
export async function getRequestId(): Promise<string | null> {
  const own = requestIdStorage.getStore();
  if (own !== undefined) return own;
  try {
    // Loaded only here: the API host runs lib/ outside Next.js, where next/headers cannot even be imported.
    const { headers } = await import('next/headers');
    return (await headers()).get('x-request-id');
  } catch {
    // headers() throws outside a request scope.
    return null;
  }
}
