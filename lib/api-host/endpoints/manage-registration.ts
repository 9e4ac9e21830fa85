import 'server-only';
import { authorizeRegistrationAccess } from '@/lib/clients/authorize-registration-access';
import { buildRegistrationResponse } from '@/lib/clients/build-registration-response';
import { deleteClient } from '@/lib/clients/delete-client';
import { REGISTRATION_BODY_MAX_BYTES } from '@/lib/clients/registration-body-limit';
import { updateDynamicClient } from '@/lib/clients/update-dynamic-client';
import { NO_STORE_HEADERS, oauthErrorResponse } from '@/lib/http/oauth-error-response';
import { readBodyText } from '@/lib/http/read-body-text';
import { withMtlsRequest, type MtlsEndpointName } from '@/lib/http/with-mtls-request';
import type { Client } from '@/lib/db';
import { getRegistrationContext } from '@/lib/policy/get-registration-context';

// RFC 7592 management: every method first proves it holds a token of this very client.
function withRegistrationAccess(name: MtlsEndpointName, handler: (request: Request, certificatePem: string | null, client: Client) => Promise<Response>) {
  return withMtlsRequest(name, async (request, certificatePem, { clientId = '' }) => {
    const access = await authorizeRegistrationAccess(clientId, request.headers.get('authorization'), certificatePem, name);
    if (access.status === 'denied') return oauthErrorResponse(access.code, access.description);
    return handler(request, certificatePem, access.client);
  });
}

/** `GET /register/{clientId}`: the client's current registration. */
export const readRegistration = withRegistrationAccess('GET /register/{id}', async (_request, _certificatePem, client) =>
  Response.json(buildRegistrationResponse(client), { headers: NO_STORE_HEADERS }),
);

/** `PUT /register/{clientId}`: a full new registration request for the same software (same checks as POST). */
export const updateRegistration = withRegistrationAccess('PUT /register/{id}', async (request, certificatePem, client) => {
  const body = await readBodyText(request, REGISTRATION_BODY_MAX_BYTES);
  if (body === null) return oauthErrorResponse('payload_too_large', `registration request exceeds ${REGISTRATION_BODY_MAX_BYTES / 1024} KiB`);
  const result = await updateDynamicClient(client, { body, contentType: request.headers.get('content-type'), certificatePem }, await getRegistrationContext());
  if (result.status === 'refused') return oauthErrorResponse(result.failure.code, result.failure.description ?? 'the registration request was refused');
  return Response.json(buildRegistrationResponse(result.client), { headers: NO_STORE_HEADERS });
});

/** `DELETE /register/{clientId}`: deletes the client and revokes its tokens. */
export const deleteRegistration = withRegistrationAccess('DELETE /register/{id}', async (_request, _certificatePem, client) => {
  await deleteClient({ type: 'client', id: client.clientId }, client.organisationId, client.clientId);
  return new Response(null, { status: 204, headers: NO_STORE_HEADERS });
});
