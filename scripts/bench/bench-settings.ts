import { isLoopbackHost } from '../../lib/registration/is-loopback-host';

/** Where the benchmarked product runs, what load it gets, and the targets it is held to. */
export type BenchSettings = {
  databaseUrl: string;
  portalUrl: string;
  sandboxDirectoryUrl: string;
  mtlsUrl: string;
  /** The API host's plain listener (`API_ADDRESS`), which every API host opens: on a port of the benchmark's own. */
  apiAddress: string;
  /** The rate limits' shared store (`REDIS_URL`), as the production shape has it; null: PostgreSQL's. */
  redisUrl: string | null;
  /** `API_WORKERS` of the benchmarked API host (`BENCH_API_WORKERS`, default 1; the peer is one process). */
  apiWorkers: number;
  /** The peer authorization server (scripts/bench/start-peer-authorization-server.ts): its origin and its own schema. */
  peer: { url: string; databaseUrl: string };
  dataDir: string;
  /** The bank's `ASPSP_ORG_ID`: the `aud` of every registration JWT. */
  aspspOrgId: string;
  /** The sandbox organisation whose software registers. */
  tppOrgId: string;
  connections: number[];
  /** The admin client list: how many live clients it is measured at, and with how many connections (admins are few). */
  adminList: { clients: number; connections: number[] };
  warmup: { maxRequests: number; maxDurationMs: number };
  measured: { maxRequests: number; maxDurationMs: number };
  /** Iterations of the in-process validation floor. */
  floorIterations: number;
  /** Above this share of non-2xx answers the run fails. */
  maxErrorRate: number;
  targets: BenchTargets;
};

/** The targets, each judged at `connections` (scripts/bench/judge-targets.ts). */
export type BenchTargets = {
  connections: number;
  /** `POST /token`: at least this share of the peer's throughput, with a p99 of at most `tokenP99Ms`. */
  tokenThroughputOfPeer: number;
  tokenP99Ms: number;
  /** The empty-route floor: at least this share of the peer's. */
  floorThroughputOfPeer: number;
  /** `POST /register`: at most this much API-host CPU per registration, with a p99 of at most `registrationP99Ms`. */
  registrationApiHostCpuMs: number;
  registrationP99Ms: number;
};

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test?schema=onboard_bench';

/**
 * The benchmark's settings, from `BENCH_DATABASE_URL` (the peer gets the schema named there plus `_peer`),
 * `BENCH_REDIS_URL`, `BENCH_API_WORKERS` and `BENCH_SECONDS`; every address is on this machine.
 */
export function readBenchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  // Fixed ports, away from `npm start` (3000/4000/8443/8080) and the e2e products (3100/4100/8543/8546/8548).
  const seconds = Number(env.BENCH_SECONDS ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 20) throw new Error('BENCH_SECONDS must be a number of seconds in (0, 20]');
  const databaseUrl = env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const settings: BenchSettings = {
    databaseUrl,
    portalUrl: 'http://localhost:3200',
    sandboxDirectoryUrl: 'http://localhost:4200',
    mtlsUrl: 'https://localhost:8643',
    apiAddress: '127.0.0.1:8280',
    // BENCH_REDIS_URL=none measures the rate limits in PostgreSQL instead.
    redisUrl: env.BENCH_REDIS_URL === 'none' ? null : (env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'),
    apiWorkers: readApiWorkers(env.BENCH_API_WORKERS),
    peer: { url: 'https://localhost:8743', databaseUrl: toPeerDatabaseUrl(databaseUrl) },
    dataDir: '.data/bench',
    aspspOrgId: env.ASPSP_ORG_ID ?? '0015800001ONBRDBNK',
    tppOrgId: '0015800001ACMEPAYS',
    connections: [16, 64],
    adminList: { clients: 10_000, connections: [1, 8] },
    // Long enough for V8 to optimise the hot path of the cheapest request (the floor: a fraction of a second) before
    // it is measured, and for the warm-up rate to size the measured phase; bounded by time for the slow ones.
    warmup: { maxRequests: 3_000, maxDurationMs: 3_000 },
    // Bounded by both: the request cap only matters if the product is far faster than the targets.
    measured: { maxRequests: 50_000, maxDurationMs: seconds * 1000 },
    floorIterations: 500,
    maxErrorRate: 0.01,
    // Issue 10's targets, against the peer on the same machine in the same run.
    targets: { connections: 16, tokenThroughputOfPeer: 0.9, tokenP99Ms: 50, floorThroughputOfPeer: 0.8, registrationApiHostCpuMs: 4, registrationP99Ms: 100 },
  };
  // Load is only ever generated against this machine, the database included (the product's writes load it).
  for (const url of [settings.portalUrl, settings.sandboxDirectoryUrl, settings.mtlsUrl, settings.peer.url, settings.databaseUrl]) {
    if (!isLoopbackHost(new URL(url).hostname)) throw new Error(`${url} is not a loopback address`);
  }
  return settings;
}

// The peer's schema sits beside the product's, so that neither sees the other's rows; a URL without a schema is
// left for prepareBenchDatabase to refuse.
function toPeerDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  if (schema !== null) url.searchParams.set('schema', `${schema}_peer`);
  return url.toString();
}

function readApiWorkers(value: string | undefined): number {
  const workers = Number(value ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) throw new Error('BENCH_API_WORKERS must be a whole number from 1 to 8');
  return workers;
}
