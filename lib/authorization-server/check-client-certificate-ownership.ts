import { matchCertificateSubject } from '@/lib/certificates/match-certificate-subject';
import { readCertificate } from '@/lib/certificates/read-certificate';

/** What the OB checks see of a request: the authenticated client's software and the verified mTLS certificate. */
export type ObCheckInput = {
  client: { clientId: string; softwareId: string | null; orgId: string | null };
  /** PEM of the verified client certificate of the request, or null. */
  certificatePem: string | null;
};

/** An OB check's refusal, rendered as `{ error, error_description }` with HTTP 401. */
export type ObCheckFailure = { error: 'invalid_client'; description: string };

/** The OB checks oidc-provider does not know; null lets the request through. */
export type ObChecks = (input: ObCheckInput) => ObCheckFailure | null | Promise<ObCheckFailure | null>;

/**
 * The default OB check of every token, revocation and own-token introspection request (OB-RULES token endpoint,
 * transport certificate): the mTLS certificate must belong to the client's software — legacy OB
 * `CN = software_id`, `OU = org_id`, or the OBWAC/eIDAS forms (lib/certificates/match-certificate-subject.ts).
 */
export function checkClientCertificateOwnership({ client, certificatePem }: ObCheckInput): ObCheckFailure | null {
  if (certificatePem === null) return invalidClient('a client certificate is required');
  let subject;
  try {
    ({ subject } = readCertificate(certificatePem));
  } catch {
    return invalidClient('the client certificate could not be read');
  }
  // A client provisioned without its software (not one of Onboard's) has no certificate that belongs to it.
  if (!client.softwareId || !client.orgId || matchCertificateSubject(subject, { software_id: client.softwareId, org_id: client.orgId }) === null) {
    return invalidClient("the client certificate does not belong to the client's software");
  }
  return null;
}

function invalidClient(description: string): ObCheckFailure {
  return { error: 'invalid_client', description };
}
