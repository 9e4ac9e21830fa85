import { acceptBackchannelLogout } from '@/lib/auth/accept-backchannel-logout';
import { NO_STORE_HEADERS, oauthErrorResponse } from '@/lib/http/oauth-error-response';
import { readBodyText } from '@/lib/http/read-body-text';
import { respondToUnexpectedError } from '@/lib/http/respond-to-unexpected-error';

// A logout token is a few hundred bytes; this leaves room for large keys' signatures and nothing more.
const MAX_BODY_BYTES = 16 * 1024;

/** The directory's back-channel logout endpoint (OIDC Back-Channel Logout 1.0 §2.5): 200 when the token verified. */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded')) {
      return oauthErrorResponse('invalid_request', 'the request must be application/x-www-form-urlencoded');
    }
    const body = await readBodyText(request, MAX_BODY_BYTES);
    if (body === null) return oauthErrorResponse('payload_too_large', `the request body must not exceed ${MAX_BODY_BYTES} bytes`);
    const logoutToken = new URLSearchParams(body).get('logout_token');
    if (!logoutToken) return oauthErrorResponse('invalid_request', '"logout_token" is required');
    const result = await acceptBackchannelLogout(logoutToken);
    return result.ok ? new Response(null, { status: 200, headers: NO_STORE_HEADERS }) : oauthErrorResponse('invalid_request', result.description);
  } catch (error) {
    return respondToUnexpectedError(error, 'back-channel logout');
  }
}
