import type { AuditChainVerification } from './verify-audit-chain';

/** The one-line outcome of a chain verification, as the admin console announces it. */
export function describeAuditVerification(result: AuditChainVerification): string {
  if (result.status === 'intact') {
    const older = result.unchained > 0 ? ` (${result.unchained} older ${result.unchained === 1 ? 'event predates' : 'events predate'} the chain)` : '';
    return `Chain intact: ${result.checked} ${result.checked === 1 ? 'event' : 'events'} checked${older}`;
  }
  const { id, action, at, reason } = result.brokenAt;
  const where = action && at ? `${action}, ${at.toISOString()}` : 'event missing';
  return `Broken at event #${id} (${where}): ${reason}`;
}
