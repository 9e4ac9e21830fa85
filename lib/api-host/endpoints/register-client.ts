import 'server-only';
import { buildRegistrationResponse } from '@/lib/clients/build-registration-response';
import { registerDynamicClient } from '@/lib/clients/register-dynamic-client';
import { REGISTRATION_BODY_MAX_BYTES } from '@/lib/clients/registration-body-limit';
import { jsonAnswer } from '@/lib/http/api-answer';
import { oauthErrorAnswer, NO_STORE_HEADERS } from '@/lib/http/oauth-error-response';
import { withMtlsRequest } from '@/lib/http/with-mtls-request';
import { getRegistrationContext } from '@/lib/policy/get-registration-context';

/** OB DCR v3.3 `POST /register`. */
export const registerClient = withMtlsRequest('POST /register', async (request, certificatePem) => {
  const body = await request.readBody(REGISTRATION_BODY_MAX_BYTES);
  if (body === null) return oauthErrorAnswer('payload_too_large', `registration request exceeds ${REGISTRATION_BODY_MAX_BYTES / 1024} KiB`);
  const result = await registerDynamicClient({ body, contentType: request.header('content-type'), certificatePem }, await getRegistrationContext());
  if (result.status === 'refused') return oauthErrorAnswer(result.failure.code, result.failure.description ?? result.failure.title);
  // RFC 7591 §3.2.1: a client secret is returned once, with client_secret_expires_at 0 (never expires).
  const secret = result.secret ? { client_secret: result.secret, client_secret_expires_at: 0 } : {};
  return jsonAnswer(201, { ...buildRegistrationResponse(result.client), ...secret }, NO_STORE_HEADERS);
});
