import { createHash } from 'node:crypto';
import type { JWK } from 'jose';

import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { JwksFetcher } from '@/lib/keys/key-resolver';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import type { CheckDefinition, CheckVerdict } from '@/lib/validation/create-report-builder';

/**
 * The directory's lists of revoked keys a software statement names (OB-RULES *Trust over time*, revoked keys): the
 * software's own, then its organisation's. An SSA may name neither.
 */
export type RevokedKeyLists = Pick<SoftwareStatementClaims, 'software_jwks_revoked_endpoint' | 'org_jwks_revoked_endpoint'>;

/** A key a TPP presents: one that signed (found by its `kid`), or its transport certificate (by its SHA-256 thumbprint). */
export type PresentedKey = { kind: 'signing key'; kid: string } | { kind: 'transport certificate'; thumbprintS256: string };

/** The registration's checks of its keys against the directory's revoked lists, in report order. */
export const REVOKED_KEY_CHECKS = {
  signingKey: {
    id: 'revoked_keys.signing_key',
    title: "key that signed the registration request is not on the directory's revoked lists",
    claim: 'kid',
    code: 'invalid_client_metadata',
    hint: 'The directory revoked this signing key: sign with a current "use": "sig" key of the software (the directory issues a new one when it revokes one), or ask the directory why it was revoked.',
  },
  transportCertificate: {
    id: 'revoked_keys.transport_certificate',
    title: "transport certificate is not on the directory's revoked lists",
    code: 'invalid_software_statement',
    hint: 'The directory revoked this transport certificate: connect with a current transport certificate of the software, or ask the directory why it was revoked.',
  },
} as const satisfies Record<string, CheckDefinition>;

/** `REVOKED_KEY_CHECKS` in report order. */
export const REVOKED_KEY_CHECK_LIST: readonly CheckDefinition[] = [REVOKED_KEY_CHECKS.signingKey, REVOKED_KEY_CHECKS.transportCertificate];

const LISTS = [
  ['software_jwks_revoked_endpoint', "the software's"],
  ['org_jwks_revoked_endpoint', "the organisation's"],
] as const;

/** What the directory's lists say of the presented keys: one of them is listed, a list could not be read, or neither. */
export type RevokedKeyFinding =
  | { kind: 'listed'; key: PresentedKey; claim: RevokedListClaim; whose: string }
  | { kind: 'unreadable'; claim: RevokedListClaim; whose: string }
  | { kind: 'none' };

type RevokedListClaim = (typeof LISTS)[number][0];

/**
 * Looks each of `presented` up in the lists the SSA names, the software's first. Each list is read once, through
 * `fetchJwks` (the TPP JWKS guard: allow-listed hosts, timeout, size cap, cache); the first list that names one of
 * them, or cannot be read, is the finding.
 */
export async function findRevokedKey(fetchJwks: JwksFetcher, lists: RevokedKeyLists, ...presented: PresentedKey[]): Promise<RevokedKeyFinding> {
  for (const [claim, whose] of LISTS) {
    const endpoint = lists[claim];
    if (endpoint === undefined) continue;
    let jwks;
    try {
      jwks = await fetchJwks(endpoint);
    } catch (error) {
      // Anything but a failed fetch is a fault, not a verdict.
      if (!(error instanceof JwksFetchError)) throw error;
      return { kind: 'unreadable', claim, whose };
    }
    const revoked = presented.find((key) => jwks.keys.some((listed) => matches(listed, key)));
    if (revoked) return { kind: 'listed', key: revoked, claim, whose };
  }
  return { kind: 'none' };
}

/** A finding in words (for a verdict, a refusal, a suspension's reason); null when nothing was found. */
export function describeRevokedKeyFinding(finding: RevokedKeyFinding, presented: readonly PresentedKey[]): string | null {
  if (finding.kind === 'none') return null;
  if (finding.kind === 'unreadable') {
    const kinds = presented.map((key) => key.kind).join(' or ');
    return `${finding.whose} list of revoked keys ("${finding.claim}") could not be read, so whether this ${kinds} is revoked cannot be established`;
  }
  const where = `it is on ${finding.whose} list of revoked keys ("${finding.claim}")`;
  if (finding.key.kind === 'signing key') return `the directory has revoked the signing key "${finding.key.kid}": ${where}`;
  return `the directory has revoked this transport certificate: ${where}`;
}

/**
 * Whether the directory lists any of `presented` as revoked, as a report check's verdict: `true` when neither list
 * names one, else what was found and where (`findRevokedKey`). A list that cannot be read fails the check
 * (hard-fail): the keys' status is then unknown. Why it could not be read is not said: the fetch's own message names
 * the bank's view of the directory's hosts (what an address resolves to, its timeouts), which is not the caller's to know.
 */
export async function checkRevokedKeys(fetchJwks: JwksFetcher, lists: RevokedKeyLists, ...presented: PresentedKey[]): Promise<CheckVerdict> {
  return describeRevokedKeyFinding(await findRevokedKey(fetchJwks, lists, ...presented), presented) ?? true;
}

function matches(key: JWK, presented: PresentedKey): boolean {
  if (presented.kind === 'signing key') return key.kid === presented.kid;
  if (key['x5t#S256'] === presented.thumbprintS256) return true;
  const [leaf] = key.x5c ?? [];
  return typeof leaf === 'string' && createHash('sha256').update(Buffer.from(leaf, 'base64')).digest('base64url') === presented.thumbprintS256;
}
