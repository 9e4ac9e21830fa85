import { errors } from 'jose';

/** How a failed jose operation reads in a report; `isKeyUnavailable` marks faults of the key source, not of the token. */
export type JoseFailure = { description: string; isKeyUnavailable: boolean };

/**
 * Translates jose's error `code`s into report descriptions: the one place that knows them.
 * `subject` names what was being verified ("software statement", "registration request").
 * Anything that is not a jose error is rethrown: it is a fault, not a verdict on the input.
 */
export function describeJoseError(error: unknown, subject: string): JoseFailure {
  if (!(error instanceof errors.JOSEError)) throw error;
  switch (error.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { description: `${subject} signature verification failed`, isKeyUnavailable: false };
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return { description: `no key in the JWKS matches the ${subject}'s "kid" and "alg"`, isKeyUnavailable: false };
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return { description: `more than one key in the JWKS matches the ${subject}'s "kid"`, isKeyUnavailable: false };
    case 'ERR_JWKS_TIMEOUT':
      return { description: `the JWKS for the ${subject} could not be fetched in time`, isKeyUnavailable: true };
    case 'ERR_JWKS_INVALID':
      return { description: `the JWKS for the ${subject} is not a valid JSON Web Key Set`, isKeyUnavailable: true };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { description: `${subject} "alg" is not allowed`, isKeyUnavailable: false };
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { description: `${subject} uses an unsupported algorithm or key`, isKeyUnavailable: false };
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return { description: `${subject} is not a valid compact JWS`, isKeyUnavailable: false };
    case 'ERR_JWT_EXPIRED':
      return { description: `${subject} has expired ("exp" is in the past)`, isKeyUnavailable: false };
    default:
      return { description: `${subject} could not be verified`, isKeyUnavailable: false };
  }
}
