import { describe, expect, it } from 'vitest';
import { resolveClientCredentialsScope } from './resolve-client-credentials-scope';

const client = { scopes: ['openid', 'accounts', 'payments'], grantTypes: ['authorization_code', 'client_credentials'] };

describe('resolveClientCredentialsScope', () => {
  it.each<[string | null, string]>([
    [null, 'accounts payments'],
    ['', 'accounts payments'],
    ['  ', 'accounts payments'],
    ['accounts', 'accounts'],
    ['payments accounts', 'payments accounts'],
    ['accounts  accounts', 'accounts'],
    ['openid', 'openid'],
  ])('grants %j as %j', (requested, scope) => {
    expect(resolveClientCredentialsScope(client, requested)).toEqual({ status: 'granted', scope });
  });

  it('grants an empty scope to a client registered for openid only', () => {
    expect(resolveClientCredentialsScope({ ...client, scopes: ['openid'] }, null)).toEqual({ status: 'granted', scope: '' });
  });

  it.each(['fundsconfirmations', 'accounts fundsconfirmations', 'Accounts'])('refuses %j', (requested) => {
    expect(resolveClientCredentialsScope(client, requested)).toEqual({
      status: 'refused',
      code: 'invalid_scope',
      description: '"scope" must be a subset of the scopes the client is registered for',
    });
  });

  it('refuses a client not registered for the client_credentials grant, whatever the scope', () => {
    expect(resolveClientCredentialsScope({ ...client, grantTypes: ['authorization_code'] }, 'accounts')).toEqual({
      status: 'refused',
      code: 'unauthorized_client',
      description: 'client is not registered for the client_credentials grant',
    });
  });
});
