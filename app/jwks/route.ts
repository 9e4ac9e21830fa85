import { respondToUnexpectedError } from '@/lib/http/respond-to-unexpected-error';
import { listPublishedKeys } from '@/lib/tokens/list-published-keys';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `GET /jwks`: the bank's public signing keys, retired ones included until their tokens expire. */
export async function GET(): Promise<Response> {
  try {
    // Briefly cacheable, so that a rotated key reaches verifiers within a minute.
    return Response.json({ keys: await listPublishedKeys() }, { headers: { 'cache-control': 'public, max-age=60' } });
  } catch (error) {
    return respondToUnexpectedError(error, 'GET /jwks');
  }
}
