import { CompactSign } from 'jose';

import type { TestSigningKey } from './create-test-signing-key';

/**
 * Signs any JSON payload as a compact JWS with header `{ alg, kid, typ: 'JWT' }` plus `header`
 * (a value of `undefined` removes that parameter, e.g. `{ kid: undefined }`). Uses `CompactSign`, not
 * `SignJWT`, so tests can sign claims of the wrong type.
 */
export async function signTestJws(
  payload: Record<string, unknown>,
  key: TestSigningKey,
  header: Record<string, unknown> = {},
): Promise<string> {
  const protectedHeader = Object.fromEntries(
    Object.entries({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header }).filter(([, value]) => value !== undefined),
  );
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(protectedHeader as { alg: string })
    .sign(key.privateKey);
}
