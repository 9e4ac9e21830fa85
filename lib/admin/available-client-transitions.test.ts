import { describe, expect, it } from 'vitest';
import { availableClientTransitions } from './available-client-transitions';

describe('availableClientTransitions', () => {
  it.each([
    ['pending', ['approve', 'reject', 'revoke']],
    ['active', ['suspend', 'revoke']],
    ['suspended', ['reactivate', 'revoke']],
    ['rejected', ['revoke']],
    ['revoked', []],
  ] as const)('a %s client: %j', (status, expected) => {
    expect(availableClientTransitions(status)).toEqual(expected);
  });

  it('offers nothing on a deleted client', () => {
    expect(availableClientTransitions('active', true)).toEqual([]);
  });
});
