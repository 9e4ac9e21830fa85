import { randomUUID } from 'node:crypto';

import type { BenchSoftware } from './create-bench-software';

/** OB DCR v3.3 registration JWT claims valid now, with a fresh `jti` on every call. */
export function buildRegistrationClaims(software: BenchSoftware, audience: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // The claims e2e/support/tpp-software.ts sends, so the benchmark exercises the path the e2e tests prove works.
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: software.software_id,
    aud: audience,
    iat: now,
    // Generous: requests are signed before the measured phase, which may last up to 20 s after.
    exp: now + 600,
    jti: randomUUID(),
    software_statement: software.ssa,
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
}
