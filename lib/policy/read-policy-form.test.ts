import { describe, expect, it } from 'vitest';
import { policyInputSchema } from './policy-input-schema';
import { readPolicyForm } from './read-policy-form';

function form(fields: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

const STATUSES: Array<[string, string]> = [
  ['mcrSandboxStatus', 'active'],
  ['mcrProductionStatus', 'pending'],
  ['dcrSandboxStatus', 'pending'],
  ['dcrProductionStatus', 'pending'],
];

describe('readPolicyForm', () => {
  it('reads every field, an empty maximum age as none', () => {
    const input = readPolicyForm(
      form([
        ...STATUSES,
        ['maxSsaAgeSeconds', ' '],
        ['maxRegistrationJwtLifetimeSeconds', '3600'],
        ['maxClientAssertionLifetimeSeconds', ' 300 '],
        ['revokedSoftwareRegistrations', 'hold'],
        ['tokenEndpointAuthMethods', 'tls_client_auth'],
        ['tokenEndpointAuthMethods', 'private_key_jwt'],
      ]),
    );
    expect(input).toEqual({
      mcrSandboxStatus: 'active',
      mcrProductionStatus: 'pending',
      dcrSandboxStatus: 'pending',
      dcrProductionStatus: 'pending',
      maxSsaAgeSeconds: null,
      revokedSoftwareRegistrations: 'hold',
      maxRegistrationJwtLifetimeSeconds: 3600,
      maxClientAssertionLifetimeSeconds: 300,
      tokenEndpointAuthMethods: ['tls_client_auth', 'private_key_jwt'],
    });
    expect(policyInputSchema.parse(input).tokenEndpointAuthMethods).toEqual(['private_key_jwt', 'tls_client_auth']);
  });

  it.each([
    ['3600', 3600],
    ['90.5', 90.5],
    ['1e3', '1e3'],
    ['an hour', 'an hour'],
  ])('reads a maximum age of %j as %j', (value, expected) => {
    expect(readPolicyForm(form([['maxSsaAgeSeconds', value]])).maxSsaAgeSeconds).toBe(expected);
  });

  it('leaves missing fields for the schema to report', () => {
    const parsed = policyInputSchema.safeParse(readPolicyForm(form([])));
    expect(parsed.success).toBe(false);
    expect(Object.keys(parsed.error?.flatten().fieldErrors ?? {}).sort()).toEqual([
      'dcrProductionStatus',
      'dcrSandboxStatus',
      'maxClientAssertionLifetimeSeconds',
      'maxRegistrationJwtLifetimeSeconds',
      'mcrProductionStatus',
      'mcrSandboxStatus',
      'tokenEndpointAuthMethods',
    ]);
  });
});
