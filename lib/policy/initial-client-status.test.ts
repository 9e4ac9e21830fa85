import { describe, expect, it } from 'vitest';
import { initialClientStatus, type InitialStatusPolicy } from './initial-client-status';

// Every field distinct in pairs so a wrong lookup shows: only the production fields are pending.
const POLICY: InitialStatusPolicy = { mcrSandboxStatus: 'active', mcrProductionStatus: 'pending', dcrSandboxStatus: 'active', dcrProductionStatus: 'pending' };
const FLIPPED: InitialStatusPolicy = { mcrSandboxStatus: 'pending', mcrProductionStatus: 'active', dcrSandboxStatus: 'active', dcrProductionStatus: 'pending' };

describe('initialClientStatus', () => {
  it.each([
    [POLICY, 'MCR', 'sandbox', 'active'],
    [POLICY, 'MCR', 'production', 'pending'],
    [POLICY, 'DCR', 'sandbox', 'active'],
    [POLICY, 'DCR', 'production', 'pending'],
    [FLIPPED, 'MCR', 'sandbox', 'pending'],
    [FLIPPED, 'MCR', 'production', 'active'],
    [FLIPPED, 'DCR', 'sandbox', 'active'],
    [FLIPPED, 'DCR', 'production', 'pending'],
    // Any environment other than "sandbox" is production.
    [FLIPPED, 'MCR', 'live', 'active'],
    [FLIPPED, 'MCR', 'Sandbox', 'active'],
    [POLICY, 'DCR', 'uat', 'pending'],
  ] as const)('%#: %s client in %s starts %s', (policy, method, environment, expected) => {
    expect(initialClientStatus(policy, method, environment)).toBe(expected);
  });
});
