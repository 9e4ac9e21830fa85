// No `server-only`: the API host runs under tsx in plain Node.
import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';

/**
 * The API host's metrics (prom-client, its default registry; `/metrics` at `METRICS_ADDRESS`). Names follow
 * Prometheus' conventions (`onboard_` prefix, seconds, `_total` counters); labels never carry a client id, a
 * certificate or an address, so their number stays bounded. The README maps them to the OB operational KPIs.
 */

// Seconds: a warm token request takes milliseconds; a registration tens; a directory fetch up to its 5 s timeout.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// A module may be evaluated twice in one process (tsx and a bundle); the registry keeps the first of each.
function once<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

// A latency histogram of the API host's, by `labelNames` (its _count is the number of events).
function latencyHistogram<Label extends string>(name: string, help: string, labelNames: readonly Label[]) {
  return once(name, () => new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS }));
}

/** Every API request: `endpoint` (`POST /register`, `POST /token`…) and `outcome` (`ok`, `refused:<error>`, `rate_limited`, `error`). */
export const apiRequestDuration = latencyHistogram(
  'onboard_api_request_duration_seconds',
  'API host requests by endpoint and outcome, with their duration (the _count is the number of requests)',
  ['endpoint', 'outcome'] as const,
);

/** Fetches from the directory and the PKI (`kind`: jwks, ocsp, crl), ok or the failure's reason (timeout, network, http_status…). */
export const outboundFetchDuration = latencyHistogram(
  'onboard_outbound_fetch_duration_seconds',
  'Fetches of JWKS, revoked lists, OCSP answers and CRLs, by kind and outcome, with their duration',
  ['kind', 'outcome'] as const,
);

/** What the trust re-check found of each kept certificate, by status. */
export const trustRecheckCertificates = once(
  'onboard_trust_recheck_certificates_total',
  () => new Counter({ name: 'onboard_trust_recheck_certificates_total', help: 'Certificates the trust re-check looked at, by the status it found', labelNames: ['status'] as const }),
);

/** Clients the trust re-check suspended. */
export const trustRecheckSuspensions = once(
  'onboard_trust_recheck_suspensions_total',
  () => new Counter({ name: 'onboard_trust_recheck_suspensions_total', help: 'Clients the trust re-check suspended because a revocation left them no usable certificate' }),
);

/**
 * Gauges read when scraped: `collect` runs then (the provisioning queue's depth, the database pool's connections).
 * Registered by the API host once it has what they read.
 */
export function registerCollectedGauge(
  definition: { name: string; help: string; labelNames?: readonly string[]; /** Across a cluster's workers: summed, or one worker's (a shared quantity). */ aggregator?: 'sum' | 'first' },
  collect: (gauge: Gauge) => Promise<void> | void,
  registry: Registry = register,
): void {
  const { name, help, labelNames = [], aggregator = 'sum' } = definition;
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames: [...labelNames],
    aggregator,
    registers: [registry],
    async collect() {
      await collect(this);
    },
  });
}

/** Token requests the authorization server refused, by its OAuth error (`invalid_client`, `invalid_scope`…). */
export const tokenRefusals = once(
  'onboard_token_refusals_total',
  () => new Counter({ name: 'onboard_token_refusals_total', help: 'Token requests refused by the authorization server, by OAuth error', labelNames: ['error'] as const }),
);

/**
 * An answer's outcome label: `ok` below 400, `rate_limited` for 429, `error` for 5xx, else `refused:<error>` with the
 * OAuth/RFC 7591 error code of a JSON body (`refused` when it has none). Codes are snake_case words: a body cannot
 * add arbitrary labels.
 */
export function outcomeOf(status: number, body: string | null = null): string {
  if (status < 400) return 'ok';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'error';
  const error = body === null ? null : readErrorCode(body);
  return error === null ? 'refused' : `refused:${error}`;
}

function readErrorCode(body: string): string | null {
  try {
    const { error } = JSON.parse(body) as { error?: unknown };
    return typeof error === 'string' && /^[a-z_]{1,40}$/.test(error) ? error : null;
  } catch {
    return null;
  }
}
