/**
 * The policy form's fields as the input `policyInputSchema` checks: an empty maximum age is no maximum,
 * anything else is read as a number (text that is not one fails the schema, with its message); the lifetime
 * caps always have a value, so an empty one fails the schema.
 */
export function readPolicyForm(formData: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const maxAge = text('maxSsaAgeSeconds')?.trim() ?? '';
  const seconds = (name: string) => {
    const value = text(name)?.trim() ?? '';
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === '' ? undefined : value;
  };
  return {
    mcrSandboxStatus: text('mcrSandboxStatus'),
    mcrProductionStatus: text('mcrProductionStatus'),
    dcrSandboxStatus: text('dcrSandboxStatus'),
    dcrProductionStatus: text('dcrProductionStatus'),
    maxSsaAgeSeconds: maxAge === '' ? null : /^-?\d+(\.\d+)?$/.test(maxAge) ? Number(maxAge) : maxAge,
    revokedSoftwareRegistrations: text('revokedSoftwareRegistrations'),
    maxRegistrationJwtLifetimeSeconds: seconds('maxRegistrationJwtLifetimeSeconds'),
    maxClientAssertionLifetimeSeconds: seconds('maxClientAssertionLifetimeSeconds'),
    tokenEndpointAuthMethods: formData.getAll('tokenEndpointAuthMethods').filter((value): value is string => typeof value === 'string'),
  };
}
