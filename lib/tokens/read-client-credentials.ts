import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { describeJoseError } from '@/lib/validation/describe-jose-error';
import { isCompactJws } from '@/lib/validation/is-compact-jws';
import { CLIENT_ASSERTION_SIGNING_ALGS, CLOCK_TOLERANCE_SECONDS, JWT_BEARER_ASSERTION_TYPE } from './token-policy';

/** The credentials a token request presents, by client authentication method (RFC 6749 §2.3, RFC 7523, RFC 8705). */
export type ClientCredentials =
  | { method: 'private_key_jwt'; clientId: string; assertion: string; jti: string; exp: number }
  | { method: 'tls_client_auth'; clientId: string }
  | { method: 'client_secret_basic'; clientId: string; secret: string };

/** The credentials, or why the request's client authentication cannot even be attempted. */
export type ReadClientCredentialsResult =
  | { status: 'read'; credentials: ClientCredentials }
  | { status: 'failed'; code: 'invalid_client' | 'invalid_request'; description: string };

/** What the claim checks of a client assertion need: the time, and the `aud` values that name this server. */
export type ClientAssertionExpectations = { now: Date; audiences: string[] };

const SUBJECT = 'client assertion';
const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/**
 * Reads which client a token request authenticates as, and how: HTTP Basic (`client_secret_basic`), a
 * JWT bearer assertion (`private_key_jwt`), or a bare `client_id` (`tls_client_auth`: the certificate is
 * the credential). A client assertion's header and claims are checked here, before anything is looked
 * up, so these answers cannot tell whether a client exists; its signature is verified later.
 */
export function readClientCredentials(
  request: { params: URLSearchParams; authorization: string | null },
  expectations: ClientAssertionExpectations,
): ReadClientCredentialsResult {
  const { params, authorization } = request;
  const formClientId = params.get('client_id');
  const isAssertion = params.has('client_assertion') || params.has('client_assertion_type');
  if (params.has('client_secret')) {
    return invalidRequest('"client_secret" in the request body is not supported; send it with HTTP Basic (client_secret_basic)');
  }
  // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
  if (authorization !== null && isAssertion) return invalidRequest('the request must use exactly one client authentication method');
  if (authorization !== null) return readBasic(authorization, formClientId);
  if (isAssertion) return readAssertion(params, formClientId, expectations);
  if (formClientId === null || formClientId === '') return invalidClient('client authentication is required');
  return { status: 'read', credentials: { method: 'tls_client_auth', clientId: formClientId } };
}

// RFC 6749 §2.3.1: the client id and secret are form-urlencoded, then sent as Basic user and password.
function readBasic(authorization: string, formClientId: string | null): ReadClientCredentialsResult {
  const encoded = BASIC.exec(authorization)?.[1];
  if (encoded === undefined) return invalidRequest('the "Authorization" header must carry HTTP Basic credentials');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const clientId = separator < 0 ? null : formDecode(decoded.slice(0, separator));
  const secret = separator < 0 ? null : formDecode(decoded.slice(separator + 1));
  if (clientId === null || clientId === '' || secret === null) {
    return invalidRequest('the "Authorization" header must carry a form-urlencoded client id and secret separated by ":"');
  }
  if (formClientId !== null && formClientId !== clientId) return invalidRequest('"client_id" must equal the client id of the "Authorization" header');
  return { status: 'read', credentials: { method: 'client_secret_basic', clientId, secret } };
}

function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return null;
  }
}

// RFC 7523 §3 and OB-RULES token endpoint: the checks that need no key, in order.
function readAssertion(
  params: URLSearchParams,
  formClientId: string | null,
  expectations: ClientAssertionExpectations,
): ReadClientCredentialsResult {
  if (params.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
    return invalidRequest(`"client_assertion_type" must be ${JWT_BEARER_ASSERTION_TYPE}`);
  }
  const assertion = params.get('client_assertion');
  if (assertion === null || assertion === '') return invalidRequest('"client_assertion" is missing');
  if (!isCompactJws(assertion)) return invalidClient(`${SUBJECT} must be a compact JWS: three base64url parts separated by "."`);
  let alg: unknown;
  let payload: JWTPayload;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    // jose throws a plain TypeError, not a coded error, for a header that is not JSON.
    return invalidClient(`${SUBJECT} is not a valid compact JWS`);
  }
  try {
    payload = decodeJwt(assertion);
  } catch (error) {
    return invalidClient(describeJoseError(error, SUBJECT).description);
  }
  if (typeof alg !== 'string' || !(CLIENT_ASSERTION_SIGNING_ALGS as readonly string[]).includes(alg)) {
    return invalidClient(`${SUBJECT} "alg" must be ${CLIENT_ASSERTION_SIGNING_ALGS.join(' or ')}`);
  }
  const { iss, sub, aud, exp, nbf, jti } = payload;
  if (typeof iss !== 'string' || iss === '' || sub !== iss) return invalidClient(`${SUBJECT} "iss" and "sub" must both be the client id`);
  if (formClientId !== null && formClientId !== iss) return invalidRequest(`"client_id" must equal the ${SUBJECT}'s "iss"`);
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.some((value) => expectations.audiences.includes(value))) {
    return invalidClient(`${SUBJECT} "aud" must be the token endpoint or the issuer`);
  }
  const nowSeconds = Math.floor(expectations.now.getTime() / 1000);
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return invalidClient(`${SUBJECT} "exp" is missing`);
  // As jose judges them, with the same tolerance, so that the verification that follows agrees.
  if (exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS) return invalidClient(`${SUBJECT} has expired ("exp" is in the past)`);
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS)) {
    return invalidClient(`${SUBJECT} is not valid yet ("nbf" is in the future)`);
  }
  if (typeof jti !== 'string' || jti === '') return invalidClient(`${SUBJECT} "jti" is missing`);
  return { status: 'read', credentials: { method: 'private_key_jwt', clientId: iss, assertion, jti, exp } };
}

function invalidRequest(description: string): ReadClientCredentialsResult {
  return { status: 'failed', code: 'invalid_request', description };
}

function invalidClient(description: string): ReadClientCredentialsResult {
  return { status: 'failed', code: 'invalid_client', description };
}
