import type { PolicyInput } from '@/lib/policy/policy-input-schema';

/** The registration policy as a fresh database holds it (prisma/schema.prisma defaults), as an admin would submit it. */
export const DEFAULT_POLICY_INPUT = {
  mcrSandboxStatus: 'active',
  mcrProductionStatus: 'pending',
  dcrSandboxStatus: 'active',
  dcrProductionStatus: 'pending',
  maxSsaAgeSeconds: null,
  maxRegistrationJwtLifetimeSeconds: 3600,
  maxClientAssertionLifetimeSeconds: 300,
  tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth', 'client_secret_basic'],
  revokedSoftwareRegistrations: 'refuse',
} as const satisfies PolicyInput;
