import 'server-only';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { getDb } from '@/lib/db';
import { recordAuditEvent } from './record-audit-event';
import { verifyAuditChain, type AuditChainVerification } from './verify-audit-chain';

/** Verifies the audit chain for an admin and appends the outcome to it (`audit.verified`). */
export async function runAuditVerification(admin: AdminActor): Promise<AuditChainVerification> {
  const result = await verifyAuditChain();
  const { checked, unchained } = result;
  await recordAuditEvent(getDb(), {
    actor: { type: 'admin', id: admin.id },
    action: 'audit.verified',
    details:
      result.status === 'intact'
        ? { status: 'intact', checked, unchained, lastHash: result.lastHash }
        : { status: 'broken', checked, unchained, brokenAt: { id: result.brokenAt.id.toString(), reason: result.brokenAt.reason } },
  });
  return result;
}
