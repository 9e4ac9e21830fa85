import { describe, expect, it } from 'vitest';
import { buildDiscoveryDocument } from './build-discovery-document';

describe('buildDiscoveryDocument', () => {
  it('describes the bank as OB-RULES discovery lists it', () => {
    expect(buildDiscoveryDocument({ portalUrl: 'https://portal.bank.example', mtlsUrl: 'https://mtls.bank.example:8443' })).toEqual({
      issuer: 'https://portal.bank.example',
      token_endpoint: 'https://mtls.bank.example:8443/token',
      registration_endpoint: 'https://mtls.bank.example:8443/register',
      jwks_uri: 'https://portal.bank.example/jwks',
      mtls_endpoint_aliases: {
        token_endpoint: 'https://mtls.bank.example:8443/token',
        registration_endpoint: 'https://mtls.bank.example:8443/register',
      },
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'],
      token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256'],
      id_token_signing_alg_values_supported: ['PS256', 'ES256'],
      request_object_signing_alg_values_supported: ['PS256', 'ES256'],
      response_types_supported: ['code', 'code id_token'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      scopes_supported: ['openid', 'accounts', 'payments', 'fundsconfirmations'],
      tls_client_certificate_bound_access_tokens: true,
    });
  });
});
