import type { ClientDecisionResult } from './change-client-status';
import type { ClientTransition } from './client-transitions';

/** The state of an admin decision form, read with `useActionState`; `transition` says which form it answers. */
export type ClientDecisionState = {
  status: 'idle' | 'done' | 'invalid' | 'refused';
  transition?: ClientTransition;
  message?: string;
  fieldErrors?: { reason?: string[] };
  formError?: string;
};

const DONE: Record<ClientTransition, string> = {
  approve: 'Approved: the client is active and may obtain tokens.',
  reject: 'Rejected: the client will never become active.',
  suspend: 'Suspended: the client cannot obtain or use tokens until reactivated.',
  reactivate: 'Reactivated: the client may obtain tokens again.',
  revoke: 'Revoked: the client can never obtain tokens again.',
};

/** The form state that tells the admin what a decision did, or why it was not taken. */
export function toClientDecisionState(result: ClientDecisionResult, transition: ClientTransition): ClientDecisionState {
  switch (result.status) {
    case 'changed': {
      const tokens = result.tokensRevoked > 0 ? ` ${result.tokensRevoked} live access token${result.tokensRevoked === 1 ? ' was' : 's were'} revoked.` : '';
      return { status: 'done', transition, message: `${DONE[transition]}${tokens}` };
    }
    case 'invalid':
      return { status: 'invalid', transition, fieldErrors: result.fieldErrors };
    case 'refused':
      return { status: 'refused', transition, formError: `Nothing changed: ${result.description}.` };
    case 'unavailable':
      return { status: 'refused', transition, formError: `Not confirmed: ${result.description}.` };
    case 'not_found':
      return { status: 'refused', transition, formError: 'Nothing changed: the client no longer exists (it may have been deleted).' };
    default: {
      const unknown: never = result;
      throw new Error(`unknown decision result ${JSON.stringify(unknown)}`);
    }
  }
}
