import { CERTIFICATE_OR_KEY_AUTH_METHODS, type TokenEndpointAuthMethod } from './ob-profile';

/**
 * The token endpoint authentication methods a dynamic registration may choose (OB-RULES registration 5): those needing
 * no shared secret, plus `client_secret_basic` only when the bank enables it (`DCR_ALLOW_CLIENT_SECRET_BASIC`).
 */
export function dynamicRegistrationAuthMethods(allowClientSecretBasic: boolean): TokenEndpointAuthMethod[] {
  return [...CERTIFICATE_OR_KEY_AUTH_METHODS, ...(allowClientSecretBasic ? (['client_secret_basic'] as const) : [])];
}
