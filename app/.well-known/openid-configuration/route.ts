import { getEnv } from '@/lib/env';
import { respondToUnexpectedError } from '@/lib/http/respond-to-unexpected-error';
import { buildDiscoveryDocument } from '@/lib/tokens/build-discovery-document';

// Built from the run-time configuration, never at build time.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `GET /.well-known/openid-configuration`: the bank's OpenID Provider metadata (OB-RULES discovery). */
export async function GET(): Promise<Response> {
  try {
    return Response.json(buildDiscoveryDocument(getEnv()), { headers: { 'cache-control': 'public, max-age=300' } });
  } catch (error) {
    return respondToUnexpectedError(error, 'GET /.well-known/openid-configuration');
  }
}
