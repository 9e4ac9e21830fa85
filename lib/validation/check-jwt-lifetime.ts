import type { CheckVerdict } from './create-report-builder';

/** The bank's cap on a JWT's lifetime (*policy*) and the clock skew it tolerates, both in seconds. */
export type JwtLifetimeLimit = { maxLifetimeSeconds: number; clockToleranceSeconds: number };

/**
 * Whether a JWT whose `exp` is a number lives no longer than the bank allows (issue 15: a registration JWT or client
 * assertion with `exp` in the year 9999 kept its replay row until then). The lifetime is `exp - iat` when `iat` is a
 * number; `exp - now` is bounded too, so an `iat` set as late as `exp` cannot stretch it. `now` is in seconds.
 */
export function checkJwtLifetime(exp: number, iat: unknown, now: number, limit: JwtLifetimeLimit): CheckVerdict {
  const longest = limit.maxLifetimeSeconds + limit.clockToleranceSeconds;
  const cap = describeDuration(limit.maxLifetimeSeconds);
  if (typeof iat === 'number' && Number.isFinite(iat) && exp - iat > longest) return `"exp" must be at most ${cap} after "iat"`;
  return exp - now <= longest || `"exp" must be at most ${cap} from now`;
}

function describeDuration(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = seconds / 60;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
