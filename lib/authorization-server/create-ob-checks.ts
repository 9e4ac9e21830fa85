import { checkSigningCertificate } from '@/lib/certificate-status/check-signing-certificate';
import { certificateStatusVerdict } from '@/lib/certificate-status/certificate-status-verdict';
import { matchCertificateSubject } from '@/lib/certificates/match-certificate-subject';
import { readCertificate, type ReadCertificate } from '@/lib/certificates/read-certificate';
import { findTrustedIssuer } from '@/lib/certificates/validate-transport-certificate';
import type { TrustSources } from '@/lib/trust-recheck/recheck-certificate';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { JwksFetcher } from '@/lib/keys/key-resolver';
import type { CheckVerdict } from '@/lib/validation/create-report-builder';
import { describeRevokedKeyFinding, findRevokedKey, type PresentedKey, type RevokedKeyLists } from '@/lib/revoked-keys/check-revoked-keys';

/** What the OB checks see of a request: the authenticated client's software and the verified mTLS certificate. */
export type ObCheckInput = {
  client: { clientId: string; softwareId: string | null; orgId: string | null; environment?: string | null; revokedKeyLists?: RevokedKeyLists; jwksUri?: string | null };
  /** PEM of the verified client certificate of the request, or null. */
  certificatePem: string | null;
  /** The client assertion the client authenticated with (`private_key_jwt`), by its header's `kid`; null without one. */
  clientAssertion?: { kid: string | null } | null;
};

/** An OB check's refusal, rendered as `{ error, error_description }` with HTTP 401. */
export type ObCheckFailure = { error: 'invalid_client'; description: string };

/** The OB checks oidc-provider does not know; null lets the request through. */
export type ObChecks = (input: ObCheckInput) => ObCheckFailure | null | Promise<ObCheckFailure | null>;

/**
 * A trust domain as the OB checks read it (OB-RULES *Trust over time*): the revoked lists, the certificate's
 * authority and the CA bundle, as registrations and the re-check read them, and the software JWKS (the TPP JWKS
 * guard and cache) for the certificate (`x5c`) of the key that signed a client assertion.
 */
export type ObTrustDomain = TrustSources & {
  environment: string;
  fetchJwks: JwksFetcher;
  /** *policy*: `CERTIFICATE_STATUS_SOFT_FAIL` names the environment, so an undeterminable status is let through. */
  isStatusSoftFail: boolean;
};

/** Where the OB checks learn whether what a client presents is still trusted: its environment's trust domain. */
export type ObTrustSources = {
  /** One per environment the deployment serves; a client is checked in its own environment's alone. */
  domains: readonly ObTrustDomain[];
  /**
   * Told of a client whose certificate a request found revoked (by its authority, or on the revoked lists), after the
   * refusal: the trust re-check of that client follows (OB-RULES *Trust over time*, re-checking). Must not throw.
   */
  onCertificateRevoked?: (clientId: string) => void;
  /** Where the bank reads why no status source answered (what the directory's hosts did); never the caller. */
  logStatusProblems?: (line: string) => void;
};

/**
 * The OB checks of every token, revocation and own-token introspection request (OB-RULES token endpoint, transport
 * certificate, trust over time): the mTLS certificate must belong to the client's software; neither it nor the key
 * that signed the client assertion may be on the directory's revoked lists the client's software statement names;
 * and the certificate's authority must not have revoked it, nor the signing key's certificate (`x5c`); both must be
 * issued by a CA of the client's own environment's trust domain, so a sandbox certificate never authenticates a
 * production client. A list that cannot be read refuses the request (hard-fail), as does a certificate status that
 * cannot be established outside the soft-fail environments. With a warm cache, all of it is a few map lookups.
 */
export function createObChecks(sources: ObTrustSources): ObChecks {
  return async (input) => {
    const owned = readOwnedCertificate(input);
    if ('error' in owned) return owned;
    const environment = input.client.environment ?? null;
    const domain = sources.domains.find((candidate) => candidate.environment === environment);
    if (domain === undefined) return invalidClient(`the bank no longer serves the environment this client was registered in (${environment ?? 'none'})`);
    const lists = input.client.revokedKeyLists ?? {};
    const certificate = { kind: 'transport certificate' as const, thumbprintS256: owned.thumbprintS256 };
    const assertion = input.clientAssertion ?? null;
    // oidc-provider tries every key of the JWKS on an assertion without "kid": which one signed is then unknown, so
    // the revoked lists cannot clear it (OB-RULES token endpoint: "signed … by a key in the software JWKS and not revoked").
    if (assertion !== null && assertion.kid === null && (lists.software_jwks_revoked_endpoint || lists.org_jwks_revoked_endpoint)) {
      return invalidClient('the client assertion has no "kid", so whether the key that signed it is revoked cannot be established');
    }
    const presented: PresentedKey[] = assertion?.kid ? [certificate, { kind: 'signing key', kid: assertion.kid }] : [certificate];
    const finding = await findRevokedKey(domain.fetchRevokedKeys, lists, ...presented);
    const listed = describeRevokedKeyFinding(finding, presented);
    if (finding.kind === 'listed' && finding.key.kind === 'transport certificate') sources.onCertificateRevoked?.(input.client.clientId);
    if (listed !== null) return invalidClient(listed);
    const policy = { caCertificates: await domain.readCaCertificates(), isSoftFail: domain.isStatusSoftFail };
    const status = await checkStatus(sources, domain, owned, policy);
    if (status !== true) {
      if (status.revoked) sources.onCertificateRevoked?.(input.client.clientId);
      return invalidClient(status.description);
    }
    if (!assertion?.kid || !input.client.jwksUri) return null;
    const signing = await checkAssertionCertificate(domain, input.client.jwksUri, assertion.kid, policy);
    return signing === true ? null : invalidClient(signing);
  };
}

/** The client's domain's CA bundle, read once per request, and whether its environment lets an unknown status through. */
type StatusPolicy = { caCertificates: string[]; isSoftFail: boolean };

// The certificate of the software JWKS key that signed the client assertion, asked about as at registration. A JWKS
// that cannot be read leaves that certificate's status unknown: refused outside the soft-fail environments.
async function checkAssertionCertificate(domain: ObTrustDomain, jwksUri: string, kid: string, policy: StatusPolicy): Promise<CheckVerdict> {
  let jwks;
  try {
    jwks = await domain.fetchJwks(jwksUri);
  } catch (error) {
    if (!(error instanceof JwksFetchError)) throw error;
    return policy.isSoftFail || "the software statement's JWKS could not be read, so whether the signing key's certificate is revoked cannot be established";
  }
  return checkSigningCertificate(jwks, kid, { ...policy, checkStatus: domain.checkCertificateStatus });
}

async function checkStatus(sources: ObTrustSources, domain: ObTrustDomain, owned: ReadCertificate, policy: StatusPolicy): Promise<true | { description: string; revoked: boolean }> {
  const issuer = await findTrustedIssuer(owned, policy.caCertificates);
  // The TLS terminator verified the chain against every domain's CAs; this is the client's own domain's (and catches a
  // bundle changed in between).
  if (issuer === null) {
    return { description: `the client certificate was not issued by a certificate authority the bank trusts for ${domain.environment} clients`, revoked: false };
  }
  const status = await domain.checkCertificateStatus(owned.certificate, issuer);
  if (status.status === 'unknown') sources.logStatusProblems?.(`[trust] certificate ${owned.certificate.serialNumber}: no status: ${status.problems.join('; ')}`);
  const verdict = certificateStatusVerdict(status, 'client certificate', policy.isSoftFail);
  return verdict === true ? true : { description: verdict, revoked: status.status === 'revoked' };
}

// The mTLS certificate must belong to the client's software — legacy OB `CN = software_id`, `OU = org_id`, or the
// OBWAC/eIDAS forms (lib/certificates/match-certificate-subject.ts); its thumbprint is what the revoked lists name.
function readOwnedCertificate({ client, certificatePem }: ObCheckInput): ObCheckFailure | ReadCertificate {
  if (certificatePem === null) return invalidClient('a client certificate is required');
  let read;
  try {
    read = readCertificate(certificatePem);
  } catch {
    return invalidClient('the client certificate could not be read');
  }
  // A client provisioned without its software (not one of Onboard's) has no certificate that belongs to it.
  if (!client.softwareId || !client.orgId || matchCertificateSubject(read.subject, { software_id: client.softwareId, org_id: client.orgId }) === null) {
    return invalidClient("the client certificate does not belong to the client's software");
  }
  return read;
}

function invalidClient(description: string): ObCheckFailure {
  return { error: 'invalid_client', description };
}
