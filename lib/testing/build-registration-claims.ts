import { randomUUID } from 'node:crypto';

/** What a registration JWT is built from: the software's id and SSA, the bank's `aud`, and how long it lives. */
export type RegistrationClaimsInput = { softwareId: string; ssa: string; audience: string; lifetimeSeconds: number };

/**
 * OB DCR v3.3 registration JWT claims valid now, with a fresh `jti`: the request the e2e tests and the
 * benchmark send. An override of `undefined` removes that claim.
 */
export function buildRegistrationClaims(input: RegistrationClaimsInput, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: input.softwareId,
    aud: input.audience,
    iat: now,
    exp: now + input.lifetimeSeconds,
    jti: randomUUID(),
    software_statement: input.ssa,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'PS256',
    grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types: ['code id_token'],
    id_token_signed_response_alg: 'PS256',
    request_object_signing_alg: 'PS256',
    application_type: 'web',
    scope: 'openid accounts',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}
