import 'server-only';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { singleAttributeValue } from '@/lib/certificates/single-attribute-value';
import { findTrustedIssuer } from '@/lib/certificates/validate-transport-certificate';
import { createLruCache } from '@/lib/cache/create-lru-cache';
import { getEnv, type RateLimitTable } from '@/lib/env';
import type { ReadinessProbe } from '@/lib/health/check-readiness';
import type { ApiAnswer } from '@/lib/http/api-answer';
import { oauthErrorAnswer } from '@/lib/http/oauth-error-response';
import { getLogger } from '@/lib/logging/logger';
import type { ApiConnection } from '@/lib/http/with-mtls-request';
import type { TrustDomain } from '@/lib/trust-domains/create-trust-domains';
import { getValidationContext } from '@/lib/validation/get-validation-context';
import { createRateLimitStore, type RateLimitStore } from './create-rate-limit-store';
import { readRateLimitKeys } from './read-rate-limit-keys';

/** The endpoints limited separately: `/register…` (every method) and `/token` (with introspection and revocation). */
export type RateLimitedEndpoint = 'register' | 'token';

/** What a connection is limited as: its keys, and the environment whose limits apply (null: the others'). */
type RateLimitSubject = { keys: string[]; environment: string | null };

// On globalThis: Next.js may bundle each route on its own, and /register and /register/{id} must share a window.
const globalForRateLimits = globalThis as typeof globalThis & { onboardRateLimitStore?: { target: string; store: RateLimitStore } };

// What a connection the API host read once per TLS socket (the same object for each of its requests) is limited as.
const subjectsByConnection = new WeakMap<ApiConnection, Promise<RateLimitSubject>>();
/** What a certificate names for the limits: its software, and the environment of the CA that issued it. */
type NamedByCertificate = { software: string | null; environment: string | null };

// Certificates seen lately: a terminator's connections are new objects for every request.
const certificates = createLruCache<NamedByCertificate>(1_000);

/**
 * Applies the endpoint's rate limit (`RATE_LIMIT_*_PER_MINUTE`) to a request that came over mutual TLS: per client
 * certificate, per software (or organisation) the certificate names and per client address, in a window of a minute,
 * at the limit of the environment whose trust domain's CA issued the certificate. Null when it may proceed, else the
 * 429 `too_many_requests` answer with `Retry-After`: the seconds until the window that refused it ends. Called
 * before the request is read, so a refused request costs no work and stores nothing. The windows are shared by
 * every instance (`REDIS_URL`, else PostgreSQL); a store that cannot answer lets the request through, logged.
 */
export async function checkRateLimit(endpoint: RateLimitedEndpoint, connection: ApiConnection): Promise<ApiAnswer | null> {
  const table = getEnv().rateLimits[endpoint];
  const subject = await subjectOf(connection);
  const perMinute = limitOf(table, subject.environment);
  if (perMinute === null) return null;
  const limiter = getStore().limiter(`onboard:${endpoint}:${subject.environment ?? '*'}`, perMinute);
  const outcomes = await Promise.allSettled(subject.keys.map((key) => limiter.consume(key)));
  let refusal: { waitMs: number; key: string } | null = null;
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === 'fulfilled') continue;
    if (!(outcome.reason instanceof RateLimiterRes)) {
      getLogger().error({ error: (outcome.reason as Error)?.name ?? 'error' }, 'rate limit store unavailable; request let through');
      continue;
    }
    if (refusal === null || outcome.reason.msBeforeNext > refusal.waitMs) refusal = { waitMs: outcome.reason.msBeforeNext, key: subject.keys[index] as string };
  }
  if (refusal === null) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil(refusal.waitMs / 1000));
  const limited = refusal.key.startsWith('cert:') ? 'this client certificate' : refusal.key.startsWith('software:') ? "this certificate's software" : 'this address';
  return oauthErrorAnswer('too_many_requests', `too many requests from ${limited}; retry after ${retryAfterSeconds} s`, {
    'retry-after': String(retryAfterSeconds),
  });
}

/** The rate limits' store as `/readyz` reports it: reported, never fatal (a store that errors lets requests through). */
export function rateLimitStoreProbe(): ReadinessProbe {
  return { name: 'rate limit store', isFatal: false, check: () => getStore().check() };
}

/** Closes the process's store (its Redis connection or PostgreSQL pool), at shutdown. */
export async function closeRateLimitStore(): Promise<void> {
  const current = globalForRateLimits.onboardRateLimitStore;
  globalForRateLimits.onboardRateLimitStore = undefined;
  await current?.store.close();
}

function limitOf(table: RateLimitTable, environment: string | null): number | null {
  return environment !== null && Object.hasOwn(table.byEnvironment, environment) ? (table.byEnvironment[environment] ?? null) : table.otherwise;
}

function getStore(): RateLimitStore {
  const env = getEnv();
  const target = `${env.redisUrl ?? ''} ${env.databaseUrl ?? ''}`;
  const current = globalForRateLimits.onboardRateLimitStore;
  if (current?.target === target) return current.store;
  // Another configuration (a test's): the old store is let go.
  void current?.store.close().catch(() => undefined);
  const store = createRateLimitStore({ redisUrl: env.redisUrl, databaseUrl: env.databaseUrl });
  globalForRateLimits.onboardRateLimitStore = { target, store };
  return store;
}

function subjectOf(connection: ApiConnection): Promise<RateLimitSubject> {
  let subject = subjectsByConnection.get(connection);
  if (subject === undefined) {
    subject = readSubject(connection);
    subjectsByConnection.set(connection, subject);
  }
  return subject;
}

async function readSubject({ certificatePem, clientAddress }: ApiConnection): Promise<RateLimitSubject> {
  const keys = readRateLimitKeys(certificatePem, clientAddress);
  if (certificatePem === null) return { keys, environment: null };
  let named = certificates.get(certificatePem);
  if (named === undefined) {
    named = await readNamed(certificatePem, getValidationContext().domains);
    certificates.set(certificatePem, named);
  }
  // After the certificate's own key, before the address's.
  return { keys: named.software === null ? keys : [keys[0] as string, `software:${named.software}`, ...keys.slice(1)], environment: named.environment };
}

// The software the certificate names (legacy OB: CN = software_id, OU = org_id; an OBWAC names its organisation),
// and the environment of the trust domain whose CA issued it (null when none did: the others' limit applies).
async function readNamed(certificatePem: string, domains: readonly TrustDomain[]): Promise<NamedByCertificate> {
  let read;
  try {
    read = readCertificate(certificatePem);
  } catch {
    return { software: null, environment: null };
  }
  const software = [singleAttributeValue(read.subject, 'OU'), singleAttributeValue(read.subject, 'CN')].filter((value) => value !== null).join('/') || null;
  for (const domain of domains) {
    if ((await findTrustedIssuer(read, await domain.readCaCertificates())) !== null) return { software, environment: domain.environment };
  }
  return { software, environment: null };
}
