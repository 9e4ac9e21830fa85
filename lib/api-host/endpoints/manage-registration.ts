import 'server-only';
import { authorizeRegistrationAccess } from '@/lib/clients/authorize-registration-access';
import { buildRegistrationResponse } from '@/lib/clients/build-registration-response';
import { deleteClient } from '@/lib/clients/delete-client';
import { REGISTRATION_BODY_MAX_BYTES } from '@/lib/clients/registration-body-limit';
import { updateDynamicClient } from '@/lib/clients/update-dynamic-client';
import { jsonAnswer, type ApiAnswer } from '@/lib/http/api-answer';
import type { ApiRequest } from '@/lib/http/api-request';
import { NO_STORE_HEADERS, oauthErrorAnswer } from '@/lib/http/oauth-error-response';
import { withMtlsRequest, type MtlsEndpointName } from '@/lib/http/with-mtls-request';
import type { Client } from '@/lib/db';
import { getRegistrationContext } from '@/lib/policy/get-registration-context';

// RFC 7592 management: every method first proves it holds a token of this very client.
function withRegistrationAccess(name: MtlsEndpointName, handler: (request: ApiRequest, certificatePem: string | null, client: Client) => Promise<ApiAnswer>) {
  return withMtlsRequest(name, async (request, certificatePem, { clientId = '' }) => {
    const access = await authorizeRegistrationAccess(clientId, request.header('authorization'), certificatePem, name);
    if (access.status === 'denied') return oauthErrorAnswer(access.code, access.description);
    return handler(request, certificatePem, access.client);
  });
}

/** `GET /register/{clientId}`: the client's current registration. */
export const readRegistration = withRegistrationAccess('GET /register/{id}', async (_request, _certificatePem, client) =>
  jsonAnswer(200, buildRegistrationResponse(client), NO_STORE_HEADERS),
);

/** `PUT /register/{clientId}`: a full new registration request for the same software (same checks as POST). */
export const updateRegistration = withRegistrationAccess('PUT /register/{id}', async (request, certificatePem, client) => {
  const body = await request.readBody(REGISTRATION_BODY_MAX_BYTES);
  if (body === null) return oauthErrorAnswer('payload_too_large', `registration request exceeds ${REGISTRATION_BODY_MAX_BYTES / 1024} KiB`);
  const result = await updateDynamicClient(client, { body, contentType: request.header('content-type'), certificatePem }, await getRegistrationContext());
  if (result.status === 'refused') return oauthErrorAnswer(result.failure.code, result.failure.description ?? 'the registration request was refused');
  return jsonAnswer(200, buildRegistrationResponse(result.client), NO_STORE_HEADERS);
});

/** `DELETE /register/{clientId}`: deletes the client and revokes its tokens. */
export const deleteRegistration = withRegistrationAccess('DELETE /register/{id}', async (_request, _certificatePem, client) => {
  await deleteClient({ type: 'client', id: client.clientId }, client.organisationId, client.clientId);
  return { status: 204, headers: NO_STORE_HEADERS, body: null };
});
