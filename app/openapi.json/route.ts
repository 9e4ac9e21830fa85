import { buildApiProfile } from '@/lib/api-profile/build-api-profile';
import { buildOpenApiDocument } from '@/lib/api-profile/build-openapi-document';
import { getEnv } from '@/lib/env';
import { respondToUnexpectedError } from '@/lib/http/respond-to-unexpected-error';
import { getPolicy } from '@/lib/policy/get-policy';

// Built from the run-time configuration (MTLS_URL…) and the bank's current policy, never at build time.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `GET /openapi.json`: the OpenAPI 3.1 description of the bank's mTLS DCR and token API. */
export async function GET(): Promise<Response> {
  try {
    return Response.json(buildOpenApiDocument(buildApiProfile(getEnv(), await getPolicy())), { headers: { 'cache-control': 'public, max-age=300' } });
  } catch (error) {
    return respondToUnexpectedError(error, 'GET /openapi.json');
  }
}
