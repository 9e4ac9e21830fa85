import { describe, expect, it } from 'vitest';
import { registrationAuthMethods } from './registration-auth-methods';

const EMBEDDED = { kind: 'embedded' } as const;
const REMOTE = { kind: 'remote', issuer: 'https://as.bank.example/realms/ob', initialAccessToken: undefined } as const;

describe('registrationAuthMethods', () => {
  it.each([
    ['embedded, DCR secrets off', EMBEDDED, false, ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'], ['private_key_jwt', 'tls_client_auth']],
    ['embedded, DCR secrets on', EMBEDDED, true, ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'], ['private_key_jwt', 'tls_client_auth', 'client_secret_basic']],
    ['remote (issues its own secrets)', REMOTE, false, ['private_key_jwt', 'tls_client_auth'], ['private_key_jwt', 'tls_client_auth']],
    ['remote, even if DCR secrets were on', REMOTE, true, ['private_key_jwt', 'tls_client_auth'], ['private_key_jwt', 'tls_client_auth']],
  ] as const)('%s', (_name, authorizationServer, dcrAllowClientSecretBasic, manual, dynamic) => {
    expect(registrationAuthMethods({ authorizationServer, dcrAllowClientSecretBasic })).toEqual({ manual, dynamic });
  });
});
