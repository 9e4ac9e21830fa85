import { describe, expect, it } from 'vitest';
import type { ClientDecisionResult } from './change-client-status';
import type { ClientTransition } from './client-transitions';
import { toClientDecisionState, type ClientDecisionState } from './to-client-decision-state';

describe('toClientDecisionState', () => {
  it.each<[ClientDecisionResult, ClientTransition, ClientDecisionState]>([
    [
      { status: 'changed', clientId: 'c1', from: 'pending', to: 'active', tokensRevoked: 0 },
      'approve',
      { status: 'done', transition: 'approve', message: 'Approved: the client is active and may obtain tokens.' },
    ],
    [
      { status: 'changed', clientId: 'c1', from: 'active', to: 'revoked', tokensRevoked: 1 },
      'revoke',
      { status: 'done', transition: 'revoke', message: 'Revoked: the client can never obtain tokens again. 1 live access token was revoked.' },
    ],
    [
      { status: 'changed', clientId: 'c1', from: 'active', to: 'suspended', tokensRevoked: 3 },
      'suspend',
      { status: 'done', transition: 'suspend', message: 'Suspended: the client cannot obtain or use tokens until reactivated. 3 live access tokens were revoked.' },
    ],
    [{ status: 'invalid', fieldErrors: { reason: ['give a reason'] } }, 'reject', { status: 'invalid', transition: 'reject', fieldErrors: { reason: ['give a reason'] } }],
    [
      { status: 'refused', currentStatus: 'active', description: 'the client is active; only a pending client can be rejected' },
      'reject',
      { status: 'refused', transition: 'reject', formError: 'Nothing changed: the client is active; only a pending client can be rejected.' },
    ],
    [
      { status: 'unavailable', description: 'the authorization server could not be reached; the client was not approved' },
      'approve',
      { status: 'refused', transition: 'approve', formError: 'Not confirmed: the authorization server could not be reached; the client was not approved.' },
    ],
    [{ status: 'not_found' }, 'reactivate', { status: 'refused', transition: 'reactivate', formError: 'Nothing changed: the client no longer exists (it may have been deleted).' }],
  ])('%j (%s)', (result, transition, expected) => {
    expect(toClientDecisionState(result, transition)).toEqual(expected);
  });
});
