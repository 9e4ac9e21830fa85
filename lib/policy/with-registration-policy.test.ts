import { describe, expect, it } from 'vitest';
import { createDirectoryValidationContext } from '@/lib/testing/create-directory-validation-context';
import { withRegistrationPolicy } from './with-registration-policy';

// The test context's configuration: MCR allows all three methods, DCR (no DCR_ALLOW_CLIENT_SECRET_BASIC) two.
const context = createDirectoryValidationContext('http://127.0.0.1:4999');
const ALL = ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'];
const LIFETIMES = { maxRegistrationJwtLifetimeSeconds: 3600, maxClientAssertionLifetimeSeconds: 300 };

describe('withRegistrationPolicy', () => {
  it.each([
    [ALL, ALL, ['private_key_jwt', 'tls_client_auth']],
    [['private_key_jwt'], ['private_key_jwt'], ['private_key_jwt']],
    [['client_secret_basic', 'tls_client_auth'], ['tls_client_auth', 'client_secret_basic'], ['tls_client_auth']],
    // client_secret_basic alone: DCR has nothing left, as the configuration does not allow it there.
    [['client_secret_basic'], ['client_secret_basic'], []],
  ])('policy methods %j → MCR %j, DCR %j', (methods, manual, dynamic) => {
    const result = withRegistrationPolicy(context, { ...LIFETIMES, maxSsaAgeSeconds: null, tokenEndpointAuthMethods: methods, revokedSoftwareRegistrations: 'refuse' });
    expect(result.manualRegistrationPolicy).toEqual({ tokenEndpointAuthMethods: manual });
    expect(result.dynamicRegistrationPolicy).toEqual({ tokenEndpointAuthMethods: dynamic });
  });

  it('lets DCR use client_secret_basic only when the configuration does', () => {
    const allowing = { ...context, dynamicRegistrationPolicy: { tokenEndpointAuthMethods: ALL } };
    expect(withRegistrationPolicy(allowing, { ...LIFETIMES, maxSsaAgeSeconds: null, tokenEndpointAuthMethods: ALL, revokedSoftwareRegistrations: 'refuse' }).dynamicRegistrationPolicy.tokenEndpointAuthMethods).toEqual(ALL);
    expect(
      withRegistrationPolicy(allowing, { ...LIFETIMES, maxSsaAgeSeconds: null, tokenEndpointAuthMethods: ['private_key_jwt'], revokedSoftwareRegistrations: 'refuse' }).dynamicRegistrationPolicy.tokenEndpointAuthMethods,
    ).toEqual(['private_key_jwt']);
  });

  it('sets the SSA maximum age from the policy, and none when the policy has none', () => {
    expect(withRegistrationPolicy(context, { ...LIFETIMES, maxSsaAgeSeconds: 3600, tokenEndpointAuthMethods: ALL, revokedSoftwareRegistrations: 'refuse' }).ssaPolicy).toEqual({ clockToleranceSeconds: 30, maxAgeSeconds: 3600 });
    expect(withRegistrationPolicy(context, { ...LIFETIMES, maxSsaAgeSeconds: null, tokenEndpointAuthMethods: ALL, revokedSoftwareRegistrations: 'refuse' }).ssaPolicy.maxAgeSeconds).toBeUndefined();
  });

  it("sets the registration JWT's lifetime cap from the policy", () => {
    expect(withRegistrationPolicy(context, { ...LIFETIMES, maxRegistrationJwtLifetimeSeconds: 600, maxSsaAgeSeconds: null, tokenEndpointAuthMethods: ALL, revokedSoftwareRegistrations: 'refuse' }).registrationRequestPolicy).toEqual({
      maxLifetimeSeconds: 600,
    });
  });

  it('keeps everything else and leaves the given context untouched', () => {
    const result = withRegistrationPolicy(context, { ...LIFETIMES, maxSsaAgeSeconds: 60, tokenEndpointAuthMethods: ['private_key_jwt'], revokedSoftwareRegistrations: 'hold' });
    expect(result.domains).toBe(context.domains);
    expect(result.audiences).toBe(context.audiences);
    expect(result.revokedSoftwareRegistrations).toBe('hold');
    expect(context.revokedSoftwareRegistrations).toBe('refuse');
    expect(context.ssaPolicy).toEqual({ clockToleranceSeconds: 30 });
    expect(context.manualRegistrationPolicy.tokenEndpointAuthMethods).toEqual(ALL);
  });
});
