import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';

/** Who did something, as the audit trail names them. */
export type AuditActor = { type: 'tpp_user' | 'admin' | 'client' | 'system' | 'anonymous'; id?: string | null };

/** One audit event; `details` must never hold a token, key or secret. */
export type AuditEventInput = {
  actor: AuditActor;
  action: string;
  clientId?: string | null;
  organisationId?: string | null;
  details?: Prisma.InputJsonObject;
  requestId?: string | null;
};

/** Appends an event to the audit trail inside the caller's transaction (or directly on the client). */
export async function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      action: event.action,
      clientId: event.clientId ?? null,
      organisationId: event.organisationId ?? null,
      details: event.details ?? {},
      requestId: event.requestId ?? null,
    },
  });
}
