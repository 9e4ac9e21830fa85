import 'server-only';
import { NO_STORE_HEADERS, oauthErrorResponse } from '@/lib/http/oauth-error-response';
import { withMtlsRequest } from '@/lib/http/with-mtls-request';
import { authenticateClient } from '@/lib/tokens/authenticate-client';
import { issueAccessToken } from '@/lib/tokens/issue-access-token';
import { readFormBody } from '@/lib/tokens/read-form-body';
import { resolveClientCredentialsScope } from '@/lib/tokens/resolve-client-credentials-scope';
import { getValidationContext } from '@/lib/validation/get-validation-context';

// A client-credentials request with a client assertion is a few KiB at most.
const MAX_BODY_BYTES = 16 * 1024;

/** `POST /token`: the client-credentials grant (OB-RULES token endpoint, RFC 6749 §4.4). */
export const issueToken = withMtlsRequest('POST /token', async (request, certificatePem) => {
  const body = await readFormBody(request, MAX_BODY_BYTES);
  if (body.status === 'failed') return oauthErrorResponse(body.code, body.description);
  const grantType = body.params.get('grant_type');
  if (grantType === null || grantType === '') return oauthErrorResponse('invalid_request', '"grant_type" is missing');
  // Authorization code and refresh grants belong to the bank's customer-facing server (OB-RULES token endpoint).
  if (grantType !== 'client_credentials') return oauthErrorResponse('unsupported_grant_type', '"grant_type" must be client_credentials');

  const authorization = request.headers.get('authorization');
  const authentication = await authenticateClient({ params: body.params, authorization, certificatePem }, getValidationContext());
  if (authentication.status === 'failed') {
    // RFC 6749 §5.2: a client that tried HTTP authentication gets a challenge for its scheme.
    const challenge = authentication.code === 'invalid_client' && authorization !== null ? { 'www-authenticate': 'Basic realm="token"' } : undefined;
    return oauthErrorResponse(authentication.code, authentication.description, challenge);
  }
  const { client, certificateThumbprint } = authentication;
  const scope = resolveClientCredentialsScope(client, body.params.get('scope'));
  if (scope.status === 'refused') return oauthErrorResponse(scope.code, scope.description);

  const token = await issueAccessToken({ client, scope: scope.scope, certificateThumbprint });
  return Response.json(
    { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scope },
    { headers: NO_STORE_HEADERS },
  );
});
