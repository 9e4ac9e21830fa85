import type { AuditAnchorFinding, AuditAnchorVerification } from './verify-audit-anchors';
import type { AuditChainVerification } from './verify-audit-chain';
import type { AuditVerification } from './run-audit-verification';

/** The outcome of a verification (of the chain and its anchors, or of the chain alone), as the admin console announces it. */
export function describeAuditVerification(result: AuditVerification | AuditChainVerification): string {
  if (!('chain' in result)) return describeChain(result);
  const { chain, anchors } = result;
  if (chain.status === 'intact' && anchors.status === 'intact') return `${describeChain(chain)}; ${describeIntactAnchors(anchors)}`;
  // Both findings when both fail: a broken link says where, the anchors say how much history is affected.
  return [chain.status === 'broken' ? describeChain(chain) : null, anchors.status === 'broken' ? describeFinding(anchors.finding) : null].filter(Boolean).join('. ');
}

function describeChain(result: AuditChainVerification): string {
  if (result.status === 'intact') {
    const older = result.unchained > 0 ? ` (${result.unchained} older ${result.unchained === 1 ? 'event predates' : 'events predate'} the chain)` : '';
    return `Chain intact: ${result.checked} ${result.checked === 1 ? 'event' : 'events'} checked${older}`;
  }
  const { id, action, at, reason } = result.brokenAt;
  const where = action && at ? `${action}, ${at.toISOString()}` : 'event missing';
  return `Broken at event #${id} (${where}): ${reason}`;
}

function describeIntactAnchors(anchors: Extract<AuditAnchorVerification, { status: 'intact' }>): string {
  const held = `${anchors.checked} ${anchors.checked === 1 ? 'anchor holds' : 'anchors hold'}`;
  const { last } = anchors;
  if (last === null) return `${held}`;
  return `${held}, the last of ${last.at.toISOString()} at ${last.eventId === null ? 'the empty trail' : `event #${last.eventId}`}`;
}

function describeFinding(finding: AuditAnchorFinding): string {
  switch (finding.kind) {
    case 'anchors missing':
      return `The anchors file is missing (${finding.file}): the trail cannot be checked against its anchors`;
    case 'anchors edited':
      return `The anchors file was edited: line ${finding.line} of ${finding.file} ${finding.reason}`;
    case 'history rewritten': {
      const { anchor, held } = finding;
      const at = anchor.at.toISOString();
      const holds =
        held === null
          ? `names event #${anchor.eventId} with hash ${shortHash(anchor.hash)}, the database holds no event #${anchor.eventId}`
          : held.hash !== anchor.hash
            ? `names event #${anchor.eventId} with hash ${shortHash(anchor.hash)}, the database holds ${held.hash === null ? 'it unchained' : shortHash(held.hash)}`
            : `counts ${anchor.count} ${plural(anchor.count)} up to event #${anchor.eventId}, the database holds ${held.count}`;
      return `History before ${at} was rewritten: the anchor of ${at} ${holds}`;
    }
    case 'history truncated': {
      const { anchor, missing, newestId } = finding;
      const newest = newestId === null ? 'the database holds no event' : `the newest is #${newestId}`;
      return `The trail ends before the last anchor: ${missing} ${plural(missing)} missing (the anchor of ${anchor.at.toISOString()} names event #${anchor.eventId}, ${newest})`;
    }
    default:
      return finding satisfies never;
  }
}

function plural(count: number): string {
  return count === 1 ? 'event' : 'events';
}

// Hashes are not secrets; sixteen hex digits are enough to tell two apart on screen.
function shortHash(hash: string): string {
  return `${hash.slice(0, 16)}…`;
}
