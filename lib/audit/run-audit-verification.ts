import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb } from '@/lib/db';
import { loadAuditAnchorStore, type AuditAnchorStore } from './load-audit-anchor-store';
import { recordAuditEvent } from './record-audit-event';
import { verifyAuditAnchors, type AuditAnchorVerification } from './verify-audit-anchors';
import { verifyAuditChain, type AuditChainVerification } from './verify-audit-chain';

/** The audit trail's verification: its hash chain, and the database against the anchors kept outside it. */
export type AuditVerification = { status: 'intact' | 'broken'; chain: AuditChainVerification; anchors: AuditAnchorVerification };

/** Verifies the audit chain and its anchors for an admin and appends the outcome to it (`audit.verified`). */
export async function runAuditVerification(admin: AdminActor, options: { store?: AuditAnchorStore } = {}): Promise<AuditVerification> {
  const chain = await verifyAuditChain();
  const anchors = await verifyAuditAnchors(options.store ?? (await loadAuditAnchorStore()));
  const status = chain.status === 'intact' && anchors.status === 'intact' ? 'intact' : 'broken';
  const { checked, unchained } = chain;
  await recordAuditEvent(getDb(), {
    actor: { type: 'admin', id: admin.id },
    action: 'audit.verified',
    details: {
      status,
      checked,
      unchained,
      ...(chain.status === 'intact' ? { lastHash: chain.lastHash } : { brokenAt: { id: chain.brokenAt.id.toString(), reason: chain.brokenAt.reason } }),
      anchors: toAuditedAnchors(anchors),
    },
  });
  return { status, chain, anchors };
}

function toAuditedAnchors(anchors: AuditAnchorVerification) {
  if (anchors.status === 'intact') return { status: 'intact', checked: anchors.checked, lastEventId: anchors.last?.eventId?.toString() ?? null };
  const { finding } = anchors;
  switch (finding.kind) {
    case 'anchors missing':
      return { status: 'broken', finding: finding.kind };
    case 'anchors edited':
      return { status: 'broken', finding: finding.kind, line: finding.line };
    case 'history rewritten':
    case 'history truncated':
      return { status: 'broken', finding: finding.kind, eventId: finding.anchor.eventId!.toString(), anchoredAt: finding.anchor.at.toISOString() };
    default:
      return finding satisfies never;
  }
}
