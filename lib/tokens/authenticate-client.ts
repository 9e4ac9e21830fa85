import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import { distinguishedNamesEqual } from '@/lib/certificates/distinguished-names-equal';
import { matchCertificateSubject } from '@/lib/certificates/match-certificate-subject';
import { parseDistinguishedName, type DistinguishedName } from '@/lib/certificates/parse-distinguished-name';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { hashClientSecret } from '@/lib/clients/hash-client-secret';
import { readStoredSoftwareStatement } from '@/lib/clients/read-stored-software-statement';
import { getDb, type Client } from '@/lib/db';
import { isStorableText } from '@/lib/db/is-storable-text';
import { getEnv } from '@/lib/env';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import { claimReplayKey } from '@/lib/replay/claim-replay-key';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { describeJoseError } from '@/lib/validation/describe-jose-error';
import { readClientCredentials, type ClientCredentials } from './read-client-credentials';
import { CLOCK_TOLERANCE_SECONDS } from './token-policy';

/** A token request as client authentication sees it; `certificatePem` is the one the TLS terminator verified. */
export type AuthenticateClientRequest = { params: URLSearchParams; authorization: string | null; certificatePem: string | null };

/** What client authentication needs from the validation context: TPP JWKS resolvers and the clock. */
export type AuthenticateClientContext = Pick<ValidationContext, 'resolverFor' | 'now'>;

/** The authenticated client and the `x5t#S256` of its certificate, or an RFC 6749 §5.2 error. */
export type AuthenticateClientResult =
  | { status: 'authenticated'; client: Client; certificateThumbprint: string }
  | { status: 'failed'; code: 'invalid_client' | 'invalid_request'; description: string };

type Failure = Extract<AuthenticateClientResult, { status: 'failed' }>;

// One answer for an unknown client, a wrong secret, a bad signature, a wrong DN and a method the client did
// not register: none of them may tell a caller whether the client exists (OB-RULES token endpoint).
const AUTHENTICATION_FAILED: Failure = { status: 'failed', code: 'invalid_client', description: 'client authentication failed' };

// A UUID in another case is the same jti (as registration requests treat it).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Authenticates the client of a token request (OB-RULES token endpoint) with its registered method:
 * `private_key_jwt` (assertion signed by a key of the SSA's software JWKS, `iss` = `sub` = client id, `aud`
 * the token endpoint or the issuer, unexpired, `jti` never seen), `tls_client_auth` (certificate subject DN
 * equals `tls_client_auth_subject_dn`) or `client_secret_basic`. Every method needs the mTLS client
 * certificate, which must belong to the client's software; only an `active`, undeleted client passes.
 */
export async function authenticateClient(
  request: AuthenticateClientRequest,
  context: AuthenticateClientContext,
): Promise<AuthenticateClientResult> {
  // The token will be bound to the certificate (RFC 8705), and OB requires mutual TLS.
  if (request.certificatePem === null) return invalidClient('a client certificate is required');
  const certificate = readPresentedCertificate(request.certificatePem);
  if (certificate === null) return invalidClient('the client certificate could not be read');

  const env = getEnv();
  const now = context.now();
  // OB-RULES token endpoint: a client assertion's "aud" is the token endpoint or the issuer.
  const audiences = [`${env.mtlsUrl}/token`, env.portalUrl];
  const read = readClientCredentials(request, { now, audiences });
  if (read.status === 'failed') return read;
  const { credentials } = read;

  // A client id PostgreSQL text cannot hold (NUL, a lone surrogate) names no client; the query would fail.
  const client = isStorableText(credentials.clientId) ? await getDb().client.findUnique({ where: { clientId: credentials.clientId } }) : null;
  if (client === null || client.deletedAt !== null || client.tokenEndpointAuthMethod !== credentials.method) return AUTHENTICATION_FAILED;
  const failure = await verifyCredentials(credentials, client, certificate.subject, { context, now, audiences });
  if (failure !== null) return failure;

  if (client.status !== 'active') return invalidClient('client is not active');
  // OB-RULES transport certificate (mTLS on /token): the certificate belongs to the client's software.
  const ssa = readStoredSoftwareStatement(client.softwareStatementClaims);
  if (matchCertificateSubject(certificate.subject, { software_id: client.softwareId, org_id: ssa.org_id }) === null) {
    return invalidClient("the client certificate does not belong to the client's software");
  }
  return { status: 'authenticated', client, certificateThumbprint: certificate.thumbprint };
}

type Verification = { context: AuthenticateClientContext; now: Date; audiences: string[] };

async function verifyCredentials(
  credentials: ClientCredentials,
  client: Client,
  certificateSubject: DistinguishedName,
  verification: Verification,
): Promise<Failure | null> {
  switch (credentials.method) {
    case 'private_key_jwt':
      return verifyAssertion(credentials, client, verification);
    case 'tls_client_auth':
      return isSubjectDnRegistered(certificateSubject, client.tlsClientAuthSubjectDn) ? null : AUTHENTICATION_FAILED;
    case 'client_secret_basic':
      return isSecretCorrect(credentials.secret, client.secretHash) ? null : AUTHENTICATION_FAILED;
    default: {
      const unknown: never = credentials;
      throw new Error(`unknown client authentication method ${JSON.stringify(unknown)}`);
    }
  }
}

async function verifyAssertion(
  credentials: Extract<ClientCredentials, { method: 'private_key_jwt' }>,
  client: Client,
  { context, now, audiences }: Verification,
): Promise<Failure | null> {
  const jwksEndpoint = readStoredSoftwareStatement(client.softwareStatementClaims).software_jwks_endpoint;
  try {
    // The claims were checked before the lookup; they are checked again here on the verified payload. A
    // failure here is about the key or the signature, so it reads as every other failed authentication.
    await jwtVerify(credentials.assertion, context.resolverFor(jwksEndpoint), {
      // The client's registered token_endpoint_auth_signing_alg; PS256 if it registered none.
      algorithms: [client.tokenEndpointAuthSigningAlg ?? 'PS256'],
      issuer: client.clientId,
      subject: client.clientId,
      audience: audiences,
      requiredClaims: ['exp', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    });
  } catch (error) {
    // The software JWKS refused, unreachable or malformed: fail closed, and say so (the TPP must fix it).
    if (error instanceof JwksFetchError) return invalidClient('the JWKS for the client assertion could not be fetched');
    const failure = describeJoseError(error, 'client assertion');
    return failure.isKeyUnavailable ? invalidClient(failure.description) : AUTHENTICATION_FAILED;
  }
  // RFC 7523 §3 item 7: a jti is accepted once, for as long as the assertion could be.
  const jti = UUID.test(credentials.jti) ? credentials.jti.toLowerCase() : credentials.jti;
  const expiresAt = new Date((credentials.exp + CLOCK_TOLERANCE_SECONDS) * 1000);
  const isFirstUse = await claimReplayKey(`client_assertion:${client.clientId}:${jti}`, expiresAt);
  return isFirstUse ? null : invalidClient('client assertion "jti" has already been used');
}

// RFC 8705 §2.1.2: compare as distinguished names (attribute sets), not as strings.
function isSubjectDnRegistered(subject: DistinguishedName, registered: string | null): boolean {
  const expected = registered === null ? null : parseDistinguishedName(registered);
  return expected !== null && distinguishedNamesEqual(subject, expected);
}

function isSecretCorrect(secret: string, secretHash: string | null): boolean {
  if (secretHash === null) return false;
  const presented = Buffer.from(hashClientSecret(secret), 'hex');
  const expected = Buffer.from(secretHash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function readPresentedCertificate(pem: string): { subject: DistinguishedName; thumbprint: string } | null {
  try {
    const { subject, thumbprintS256 } = readCertificate(pem);
    return { subject, thumbprint: thumbprintS256 };
  } catch {
    return null;
  }
}

function invalidClient(description: string): Failure {
  return { status: 'failed', code: 'invalid_client', description };
}
