import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb, type ClientStatus } from '@/lib/db';
import { CLIENT_TRANSITIONS, type ClientTransition, type ClientTransitionRule } from './client-transitions';
import { decisionReasonSchema } from './decision-reason-schema';

/** The outcome of an admin decision on a client. */
export type ClientDecisionResult =
  | { status: 'changed'; clientId: string; from: ClientStatus; to: ClientStatus; tokensRevoked: number }
  | { status: 'invalid'; fieldErrors: { reason: string[] } }
  | { status: 'not_found' }
  | { status: 'refused'; currentStatus: ClientStatus; description: string };

const NOT_FOUND = { status: 'not_found' } as const;

/**
 * Takes an admin decision on a live client (approve, reject, suspend, reactivate, revoke) with a required
 * reason. Atomic: the status change, the token revocation and the audit event commit together, and the
 * update is conditional on the status the decision was taken against, so of two concurrent decisions
 * exactly one wins and the other is refused. A deleted client answers not found.
 */
export async function changeClientStatus(admin: AdminActor, clientId: string, transition: ClientTransition, reason: string): Promise<ClientDecisionResult> {
  const parsedReason = decisionReasonSchema.safeParse(reason);
  if (!parsedReason.success) return { status: 'invalid', fieldErrors: { reason: parsedReason.error.issues.map((issue) => issue.message) } };
  const statusReason = parsedReason.data;
  const rule: ClientTransitionRule = CLIENT_TRANSITIONS[transition];
  return getDb().$transaction(async (tx) => {
    const client = await tx.client.findFirst({ where: { clientId, deletedAt: null }, select: { id: true, status: true, organisationId: true } });
    if (client === null) return NOT_FOUND;
    if (!rule.from.includes(client.status)) return refused(rule, client.status);
    const now = new Date();
    const { count } = await tx.client.updateMany({
      where: { id: client.id, status: client.status, deletedAt: null },
      data: { status: rule.to, statusReason, statusChangedAt: now, statusChangedBy: admin.id },
    });
    if (count === 0) {
      // Another decision (or a deletion) committed between the read and the update: it won.
      const current = await tx.client.findFirst({ where: { id: client.id, deletedAt: null }, select: { status: true } });
      return current === null ? NOT_FOUND : refused(rule, current.status);
    }
    const tokensRevoked = rule.revokesTokens
      ? (await tx.accessToken.updateMany({ where: { clientId: client.id, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } })).count
      : 0;
    await recordAuditEvent(tx, {
      actor: { type: 'admin', id: admin.id },
      action: rule.action,
      clientId,
      organisationId: client.organisationId,
      details: { reason: statusReason, from: client.status, to: rule.to, ...(rule.revokesTokens ? { tokensRevoked } : {}) },
    });
    return { status: 'changed', clientId, from: client.status, to: rule.to, tokensRevoked };
  });
}

function refused(rule: ClientTransitionRule, currentStatus: ClientStatus): ClientDecisionResult {
  const description =
    currentStatus === rule.to
      ? `the client is already ${currentStatus}`
      : `the client is ${currentStatus}; only ${withArticle(formatList(rule.from))} client can be ${rule.verb}`;
  return { status: 'refused', currentStatus, description };
}

function withArticle(phrase: string): string {
  return `${/^[aeiou]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function formatList(statuses: readonly string[]): string {
  return statuses.length < 2 ? (statuses[0] ?? '') : `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`;
}
