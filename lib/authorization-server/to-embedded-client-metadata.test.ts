import { describe, expect, it } from 'vitest';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { toEmbeddedClientMetadata, type ProvisionableClient } from './to-embedded-client-metadata';

const claims = buildSoftwareStatementClaims();
const client: ProvisionableClient = {
  clientId: 'client-1',
  status: 'active',
  deletedAt: null,
  softwareId: 'TestSoftware0001',
  tokenEndpointAuthMethod: 'private_key_jwt',
  tokenEndpointAuthSigningAlg: null,
  tlsClientAuthSubjectDn: null,
  scopes: ['openid', 'accounts'],
  grantTypes: ['client_credentials', 'authorization_code'],
  secretHash: null,
  softwareStatementClaims: claims as ProvisionableClient['softwareStatementClaims'],
};
const common = {
  client_id: 'client-1',
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  tls_client_certificate_bound_access_tokens: true,
  jwks_uri: claims.software_jwks_endpoint,
  scope: 'openid accounts',
  software_id: 'TestSoftware0001',
  org_id: claims.org_id,
  software_environment: 'sandbox',
  software_jwks_revoked_endpoint: claims.software_jwks_revoked_endpoint,
  org_jwks_revoked_endpoint: claims.org_jwks_revoked_endpoint,
};

describe('toEmbeddedClientMetadata', () => {
  it('leaves out the revoked-key lists a software statement does not name', () => {
    const unlisted = { ...claims, software_jwks_revoked_endpoint: undefined, org_jwks_revoked_endpoint: undefined };
    const metadata = toEmbeddedClientMetadata({ ...client, softwareStatementClaims: JSON.parse(JSON.stringify(unlisted)) });
    expect(Object.keys(metadata)).not.toEqual(expect.arrayContaining(['software_jwks_revoked_endpoint']));
    expect(metadata).not.toHaveProperty('org_jwks_revoked_endpoint');
  });

  it.each([
    { name: 'private_key_jwt, PS256 when no alg is registered', input: {}, expected: { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'PS256' } },
    { name: 'private_key_jwt, ES256', input: { tokenEndpointAuthSigningAlg: 'ES256' }, expected: { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256' } },
    {
      name: 'tls_client_auth',
      input: { tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB' },
      expected: { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB' },
    },
    {
      name: 'client_secret_basic: the hash, never a secret',
      input: { tokenEndpointAuthMethod: 'client_secret_basic', secretHash: hashClientSecret('s') },
      expected: { token_endpoint_auth_method: 'client_secret_basic', client_secret: hashClientSecret('s') },
    },
  ])('maps $name', ({ input, expected }) => {
    expect(toEmbeddedClientMetadata({ ...client, ...input })).toEqual({ ...common, ...expected });
  });

  it('grants nothing to a client not registered for client_credentials', () => {
    expect(toEmbeddedClientMetadata({ ...client, grantTypes: ['authorization_code'] }).grant_types).toEqual([]);
  });

  it.each([
    { name: 'a suspended client', input: { status: 'suspended' as const }, message: 'client client-1 is not active: only active, undeleted clients are provisioned' },
    { name: 'a pending client', input: { status: 'pending' as const }, message: 'client client-1 is not active: only active, undeleted clients are provisioned' },
    { name: 'a deleted client', input: { deletedAt: new Date() }, message: 'client client-1 is not active: only active, undeleted clients are provisioned' },
    { name: 'tls_client_auth without a DN', input: { tokenEndpointAuthMethod: 'tls_client_auth' }, message: 'client client-1 uses tls_client_auth without a subject DN' },
    { name: 'client_secret_basic without a hash', input: { tokenEndpointAuthMethod: 'client_secret_basic' }, message: 'client client-1 uses client_secret_basic without a secret' },
    { name: 'an unserved method', input: { tokenEndpointAuthMethod: 'client_secret_post' }, message: 'client client-1 uses an authentication method the authorization server does not serve' },
  ])('refuses $name', ({ input, message }) => {
    expect(() => toEmbeddedClientMetadata({ ...client, ...input })).toThrow(message);
  });
});
