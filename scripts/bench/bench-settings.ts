import { isLoopbackHost } from '../../lib/registration/is-loopback-host';

/** Where the benchmarked product runs, what load it gets, and the targets it is held to. */
export type BenchSettings = {
  databaseUrl: string;
  portalUrl: string;
  sandboxDirectoryUrl: string;
  mtlsUrl: string;
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
  targets: { registrationsPerSecond: number; tokensPerSecond: number; p99Ms: number; connections: number };
};

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test?schema=onboard_bench';

/** The benchmark's settings, from `BENCH_DATABASE_URL` and `BENCH_SECONDS`; every address is on this machine. */
export function readBenchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  // Fixed ports, away from `npm start` (3000/4000/8443) and the e2e products (3100/4100/8543).
  const seconds = Number(env.BENCH_SECONDS ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 20) throw new Error('BENCH_SECONDS must be a number of seconds in (0, 20]');
  const settings: BenchSettings = {
    databaseUrl: env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    portalUrl: 'http://localhost:3200',
    sandboxDirectoryUrl: 'http://localhost:4200',
    mtlsUrl: 'https://localhost:8643',
    dataDir: '.data/bench',
    aspspOrgId: env.ASPSP_ORG_ID ?? '0015800001ONBRDBNK',
    tppOrgId: '0015800001ACMEPAYS',
    connections: [16, 64],
    adminList: { clients: 10_000, connections: [1, 8] },
    warmup: { maxRequests: 200, maxDurationMs: 3_000 },
    // Bounded by both: the request cap only matters if the product is far faster than the targets.
    measured: { maxRequests: 50_000, maxDurationMs: seconds * 1000 },
    floorIterations: 500,
    maxErrorRate: 0.01,
    // The targets.
    targets: { registrationsPerSecond: 300, tokensPerSecond: 800, p99Ms: 100, connections: 16 },
  };
  // Load is only ever generated against this machine, the database included (the product's writes load it).
  for (const url of [settings.portalUrl, settings.sandboxDirectoryUrl, settings.mtlsUrl, settings.databaseUrl]) {
    if (!isLoopbackHost(new URL(url).hostname)) throw new Error(`${url} is not a loopback address`);
  }
  return settings;
}
