import type { ClientStatus } from '@/lib/generated/prisma/enums';
import { CLIENT_TRANSITIONS, type ClientTransition } from './client-transitions';

const TRANSITIONS = Object.keys(CLIENT_TRANSITIONS) as ClientTransition[];

/** The decisions an admin may take on a client in this status; none on a deleted client. */
export function availableClientTransitions(status: ClientStatus, isDeleted = false): ClientTransition[] {
  if (isDeleted) return [];
  return TRANSITIONS.filter((transition) => (CLIENT_TRANSITIONS[transition].from as readonly ClientStatus[]).includes(status));
}
