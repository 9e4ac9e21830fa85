import 'server-only';
import { anchorAuditHead } from '@/lib/audit/anchor-audit-head';
import { recordAuditEvent, type AuditActor } from '@/lib/audit/record-audit-event';
import type { AdminActor } from '@/lib/auth/admin-actor';
import type { ProvisioningOptions } from '@/lib/authorization-server/provisioning/authorization-server-provisioning';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { getDb, type ClientStatus, type Prisma } from '@/lib/db';
import { formatRevocationDay } from '@/lib/registration/check-registration-revocations';
import { findRegistrationRevocations } from '@/lib/software-revocation/find-registration-revocations';
import { KEPT_CERTIFICATE_ORDER } from '@/lib/clients/kept-certificate-select';
import { withoutUsableCertificate } from '@/lib/trust-recheck/recheck-certificate';
import { CLIENT_TRANSITIONS, type ClientTransition, type ClientTransitionRule } from './client-transitions';
import { decisionReasonSchema } from './decision-reason-schema';
import { recordRefusedClientDecision } from './record-refused-client-decision';

/** The outcome of an admin decision on a client. */
export type ClientDecisionResult =
  | { status: 'changed'; clientId: string; from: ClientStatus; to: ClientStatus; tokensRevoked: number }
  | { status: 'invalid'; fieldErrors: { reason: string[] } }
  | { status: 'not_found' }
  | { status: 'refused'; currentStatus: ClientStatus; description: string }
  /** The authorization server did not confirm the decision; `description` says why and what became of it. */
  | { status: 'unavailable'; description: string };

/** The client a decision was taken on, as the decision's transaction read it. */
export type DecidedClient = { clientId: string; softwareId: string; environment: string; organisationId: string };

/** How a decision is carried out: the provisioning, and what else commits with it (a revocation of the software). */
export type ClientDecisionOptions = ProvisioningOptions & {
  /** Runs in the decision's transaction once the status changed and the decision was audited, with its reason. */
  withDecision?: (tx: Prisma.TransactionClient, client: DecidedClient, reason: string, at: Date) => Promise<void>;
};

const NOT_FOUND = { status: 'not_found' } as const;

/**
 * Takes an admin decision on a live client (approve, reject, suspend, reactivate, revoke) with a required
 * reason. Atomic: the status change, the token revocation, the provisioning and the audit event commit
 * together, and the update is conditional on the status the decision was taken against, so of two concurrent
 * decisions exactly one wins and the other is refused. A deleted client answers not found. The decision is
 * reported changed only once the authorization server has it: the embedded one in the same transaction, a
 * remote one before this returns. When a remote one cannot take it, a decision that grants access (approve,
 * reactivate) is undone, and one that withdraws it stands and is retried until it does (never is access kept
 * for want of an answer); either way the result is `unavailable`, saying which. A decision that grants access is
 * refused while the bank's revocation of the client's software or organisation stands (issue 15). A decision not
 * taken (invalid, refused, not found) is audited as `client.decision_refused`.
 */
export async function changeClientStatus(
  admin: AdminActor,
  clientId: string,
  transition: ClientTransition,
  reason: string,
  options: ClientDecisionOptions = {},
): Promise<ClientDecisionResult> {
  const result = await decide(adminMaker(admin), clientId, transition, reason, options);
  // A decision not taken is audited too (`client.decision_refused`), with why.
  if (result.status === 'invalid') await recordRefusedClientDecision(admin, clientId, transition, `the reason was refused: ${result.fieldErrors.reason.join('; ')}`);
  if (result.status === 'refused') await recordRefusedClientDecision(admin, clientId, transition, result.description);
  if (result.status === 'not_found') await recordRefusedClientDecision(admin, clientId, transition, 'no such client (it may have been deleted)');
  return result;
}

/** Who takes a decision: an admin, or Onboard itself (the trust re-check), as audited and kept in `statusChangedBy`. */
type DecisionMaker = { audit: AuditActor; changedBy: string | null };

/**
 * Onboard's own decision on a client, taken like an admin's (atomic, conditional on the status it was taken
 * against, provisioned, audited) with the system as its actor: the trust re-check suspends a client whose
 * transport certificate was revoked (OB-RULES *Trust over time*). `statusChangedBy` stays empty.
 */
export async function changeClientStatusAsSystem(clientId: string, transition: ClientTransition, reason: string, options: ClientDecisionOptions = {}): Promise<ClientDecisionResult> {
  return decide({ audit: { type: 'system' }, changedBy: null }, clientId, transition, reason, options);
}

function adminMaker(admin: AdminActor): DecisionMaker {
  return { audit: { type: 'admin', id: admin.id }, changedBy: admin.id };
}

async function decide(maker: DecisionMaker, clientId: string, transition: ClientTransition, reason: string, options: ClientDecisionOptions): Promise<ClientDecisionResult> {
  const parsedReason = decisionReasonSchema.safeParse(reason);
  if (!parsedReason.success) return { status: 'invalid', fieldErrors: { reason: parsedReason.error.issues.map((issue) => issue.message) } };
  const statusReason = parsedReason.data;
  const rule: ClientTransitionRule = CLIENT_TRANSITIONS[transition];
  const provisioning = options.provisioning ?? getAuthorizationServerProvisioning();
  const decision = await getDb().$transaction(async (tx) => {
    const client = await tx.client.findFirst({
      where: { clientId, deletedAt: null },
      select: { id: true, status: true, organisationId: true, softwareId: true, environment: true, statusReason: true, statusChangedAt: true, statusChangedBy: true },
    });
    if (client === null) return { result: NOT_FOUND };
    if (!rule.from.includes(client.status)) return { result: refused(rule, client.status) };
    if (rule.to === 'active') {
      const revocation = await describeStandingRevocation(tx, client);
      const blocked = revocation === null ? await describeRevokedCertificate(tx, clientId, rule.verb) : `${revocation}: lift the revocation before the client can be ${rule.verb}`;
      if (blocked !== null) return { result: { status: 'refused', currentStatus: client.status, description: blocked } as const };
    }
    const now = new Date();
    const { count } = await tx.client.updateMany({
      where: { id: client.id, status: client.status, deletedAt: null },
      data: { status: rule.to, statusReason, statusChangedAt: now, statusChangedBy: maker.changedBy },
    });
    if (count === 0) {
      // Another decision (or a deletion) committed between the read and the update: it won.
      const current = await tx.client.findFirst({ where: { id: client.id, deletedAt: null }, select: { status: true } });
      return { result: current === null ? NOT_FOUND : refused(rule, current.status) };
    }
    const ticket = await provisioning.recordClientChange(tx, clientId);
    // The embedded server deletes a withdrawn client's tokens in this transaction; a remote one, when it answers.
    const tokensRevoked = ticket.kind === 'done' ? ticket.tokensDeleted : 0;
    await recordAuditEvent(tx, {
      actor: maker.audit,
      action: rule.action,
      clientId,
      organisationId: client.organisationId,
      details: { reason: statusReason, from: client.status, to: rule.to, ...(rule.revokesTokens ? { tokensRevoked } : {}) },
    });
    await options.withDecision?.(tx, { clientId, softwareId: client.softwareId, environment: client.environment, organisationId: client.organisationId }, statusReason, now);
    const result: ClientDecisionResult = { status: 'changed', clientId, from: client.status, to: rule.to, tokensRevoked };
    return { result, ticket, previous: client, changedAt: now };
  });
  if (decision.ticket === undefined) return decision.result;
  // The decision has committed: anchor it outside the database before anything else can fail.
  await anchorAuditHead();
  const outcome = await provisioning.confirmClientChange(decision.ticket);
  if (outcome.status === 'synced') return decision.result;
  if (rule.to !== 'active') {
    return { status: 'unavailable', description: `${outcome.description}; the client is ${rule.to} at Onboard, and the authorization server will follow as soon as it answers` };
  }
  await undoDecision(provisioning, maker, clientId, rule, decision.previous, decision.changedAt);
  return { status: 'unavailable', description: `${outcome.description}; the client was not ${rule.verb}` };
}

// The standing revocation that forbids the client access, in words, or null.
async function describeStandingRevocation(tx: Prisma.TransactionClient, client: { softwareId: string; environment: string; organisationId: string }): Promise<string | null> {
  const { software, organisation } = await findRegistrationRevocations(tx, client);
  if (software !== null) return `the bank revoked the client's software "${client.softwareId}" on ${formatRevocationDay(software.revokedAt)}`;
  if (organisation !== null) return `the bank revoked the client's organisation on ${formatRevocationDay(organisation.revokedAt)}`;
  return null;
}

// OB-RULES *Trust over time*: a client left with no trusted certificate because one was revoked (the trust re-check)
// gets no access until its TPP adds a current one (My applications, or PUT /register/{id}), whatever an admin decides.
async function describeRevokedCertificate(tx: Prisma.TransactionClient, clientId: string, verb: string): Promise<string | null> {
  const kept = await tx.clientCertificate.findMany({ where: { clientId }, orderBy: [...KEPT_CERTIFICATE_ORDER], select: { trustStatus: true, trustDetail: true } });
  const revoked = withoutUsableCertificate(kept.map((row) => ({ status: row.trustStatus, detail: row.trustDetail })));
  if (revoked === null) return null;
  return `${revoked.detail ?? "the client's transport certificate is revoked"}: the TPP must add a current transport certificate before the client can be ${verb}`;
}

type PreviousStatus = { id: string; status: ClientStatus; organisationId: string; statusReason: string | null; statusChangedAt: Date | null; statusChangedBy: string | null };

// Puts a decision that grants access back, unless another decision came since; audited, and provisioned again.
async function undoDecision(
  provisioning: NonNullable<ProvisioningOptions['provisioning']>,
  maker: DecisionMaker,
  clientId: string,
  rule: ClientTransitionRule,
  previous: PreviousStatus,
  changedAt: Date,
): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.client.updateMany({
      where: { id: previous.id, status: rule.to, statusChangedAt: changedAt, statusChangedBy: maker.changedBy, deletedAt: null },
      data: { status: previous.status, statusReason: previous.statusReason, statusChangedAt: previous.statusChangedAt, statusChangedBy: previous.statusChangedBy },
    });
    if (count === 0) return;
    await provisioning.recordClientChange(tx, clientId);
    await recordAuditEvent(tx, {
      actor: { type: 'system' },
      action: 'client.decision_withdrawn',
      clientId,
      organisationId: previous.organisationId,
      details: { decision: rule.action, reason: 'the authorization server could not take the decision in time, so it was undone', to: previous.status },
    });
  });
  await anchorAuditHead();
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
