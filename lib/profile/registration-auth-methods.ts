import type { Env } from '@/lib/env';
import { CERTIFICATE_OR_KEY_AUTH_METHODS, TOKEN_ENDPOINT_AUTH_METHODS, type TokenEndpointAuthMethod } from './ob-profile';

/**
 * The token endpoint authentication methods a registration may choose, before the bank's policy narrows them
 * (OB-RULES registration 5, token endpoint): manual registrations every method, dynamic ones `client_secret_basic`
 * only when the bank enables it (`DCR_ALLOW_CLIENT_SECRET_BASIC`). With a remote `AUTHORIZATION_SERVER`, neither has
 * `client_secret_basic`: such a server issues its own secrets, while Onboard keeps only the hash of the one it showed.
 */
export function registrationAuthMethods(env: Pick<Env, 'authorizationServer' | 'dcrAllowClientSecretBasic'>): {
  manual: TokenEndpointAuthMethod[];
  dynamic: TokenEndpointAuthMethod[];
} {
  const canHoldSecrets = env.authorizationServer.kind === 'embedded';
  return {
    manual: canHoldSecrets ? [...TOKEN_ENDPOINT_AUTH_METHODS] : [...CERTIFICATE_OR_KEY_AUTH_METHODS],
    dynamic: canHoldSecrets && env.dcrAllowClientSecretBasic ? [...TOKEN_ENDPOINT_AUTH_METHODS] : [...CERTIFICATE_OR_KEY_AUTH_METHODS],
  };
}
