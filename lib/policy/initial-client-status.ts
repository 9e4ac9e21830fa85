import type { Policy } from '@/lib/generated/prisma/client';

/** The policy fields that decide a new client's status. */
export type InitialStatusPolicy = Pick<Policy, 'mcrSandboxStatus' | 'mcrProductionStatus' | 'dcrSandboxStatus' | 'dcrProductionStatus'>;

/**
 * The status a newly registered client starts in, per the bank's policy: by way of registration (MCR or
 * DCR) and environment, where every environment other than `sandbox` counts as production.
 */
export function initialClientStatus(policy: InitialStatusPolicy, method: 'MCR' | 'DCR', environment: string): Policy['mcrSandboxStatus'] {
  const isSandbox = environment === 'sandbox';
  if (method === 'MCR') return isSandbox ? policy.mcrSandboxStatus : policy.mcrProductionStatus;
  return isSandbox ? policy.dcrSandboxStatus : policy.dcrProductionStatus;
}
