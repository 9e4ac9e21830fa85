import type { ClientStatus } from '@/lib/generated/prisma/enums';

/** One admin decision on a client: the statuses it applies to, the status it leads to, and its audit action. */
export type ClientTransitionRule = {
  from: readonly ClientStatus[];
  to: ClientStatus;
  action: string;
  /** Past participle, for messages: "approved". */
  verb: string;
  /** Whether the client's live access tokens are revoked with it. */
  revokesTokens: boolean;
};

/**
 * The lifecycle an admin drives (DESIGN: bank admins review, approve, suspend and revoke clients). Only
 * `active` clients obtain or use tokens (OB-RULES token endpoint); suspending also revokes live tokens so
 * that a reactivated client starts afresh rather than reviving tokens issued before the suspension.
 */
export const CLIENT_TRANSITIONS = {
  approve: { from: ['pending'], to: 'active', action: 'client.approved', verb: 'approved', revokesTokens: false },
  reject: { from: ['pending'], to: 'rejected', action: 'client.rejected', verb: 'rejected', revokesTokens: false },
  suspend: { from: ['active'], to: 'suspended', action: 'client.suspended', verb: 'suspended', revokesTokens: true },
  reactivate: { from: ['suspended'], to: 'active', action: 'client.reactivated', verb: 'reactivated', revokesTokens: false },
  revoke: { from: ['pending', 'active', 'suspended', 'rejected'], to: 'revoked', action: 'client.revoked', verb: 'revoked', revokesTokens: true },
} as const satisfies Record<string, ClientTransitionRule>;

/** An admin decision on a client. */
export type ClientTransition = keyof typeof CLIENT_TRANSITIONS;
