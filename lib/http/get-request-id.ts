import 'server-only';
import { headers } from 'next/headers';

/** The id the portal's proxy gave the current request, or null outside a request (scripts, tests). */
export async function getRequestId(): Promise<string | null> {
  try {
    return (await headers()).get('x-request-id');
  } catch {
    // headers() throws outside a request scope.
    return null;
  }
}
