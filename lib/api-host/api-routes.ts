import 'server-only';
import { issueToken } from './endpoints/issue-token';
import { deleteRegistration, readRegistration, updateRegistration } from './endpoints/manage-registration';
import { registerClient } from './endpoints/register-client';
import type { ApiRoutes } from './start-api-host';

/** What the API host serves at `MTLS_URL` (OB DCR v3.3, RFC 7592, the token endpoint). */
export const API_ROUTES: ApiRoutes = {
  '/register': { POST: registerClient },
  '/register/{id}': { GET: readRegistration, PUT: updateRegistration, DELETE: deleteRegistration },
  '/token': { POST: issueToken },
};
