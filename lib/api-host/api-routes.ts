import 'server-only';
import { deleteRegistration, readRegistration, updateRegistration } from './endpoints/manage-registration';
import { registerClient } from './endpoints/register-client';
import type { ApiRoutes } from './start-api-host';

/** The API host's own endpoints at `MTLS_URL` (OB DCR v3.3, RFC 7592); the authorization server serves the rest. */
export const API_ROUTES: ApiRoutes = {
  '/register': { POST: registerClient },
  '/register/{id}': { GET: readRegistration, PUT: updateRegistration, DELETE: deleteRegistration },
};
