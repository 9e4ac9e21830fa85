// `npm run bench`: load on the DCR and token endpoints of a freshly started product (PostgreSQL, mutual TLS the API
// host terminates itself, the API host and the portal in processes of their own) and, in the same run with the same
// load generator, on a peer: oidc-provider alone doing the same token work (scripts/bench/start-peer-authorization-
// server.ts). Then the in-process floor of the validation core. Prints Markdown, product against peer, and writes
// `.data/bench/results.json`. Exits non-zero only when more than 1% of requests fail, or on a crash: targets not met
// are a finding, not a failure.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { formatDistinguishedName } from '../lib/certificates/format-distinguished-name';
import { readX509Name } from '../lib/certificates/read-x509-name';
import { x509 } from '../lib/certificates/x509';
import type { BenchResults } from './bench/bench-results';
import { readBenchSettings, type BenchSettings } from './bench/bench-settings';
import { buildRegistrationClaims } from './bench/build-registration-claims';
import { createBenchSoftware, type BenchSoftware } from './bench/create-bench-software';
import { describeMachine } from './bench/describe-machine';
import { ensureProductionBuild } from './bench/ensure-production-build';
import { formatResults } from './bench/format-results';
import { judgeTargets, SCENARIO_NAMES } from './bench/judge-targets';
import { measureValidationFloor } from './bench/measure-validation-floor';
import { prepareBenchDatabase } from './bench/prepare-bench-database';
import { preparePeerDatabase } from './bench/prepare-peer-database';
import { registerBenchClient } from './bench/register-bench-client';
import type { RequestSpec } from './bench/run-phase';
import { runScenario, type BenchSystem, type Scenario, type ScenarioResult } from './bench/run-scenario';
import { SEEDED_SEARCH, seedAdminClients } from './bench/seed-admin-clients';
import { seedPeerClients } from './bench/seed-peer-clients';
import { signInBankAdmin } from './bench/sign-in-bank-admin';
import { signJwts } from './bench/sign-jwts';
import { spawnPeerAuthorizationServer, type RunningPeer } from './bench/spawn-peer-authorization-server';
import { startProduct, type RunningProduct } from './bench/start-product';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START_ATTEMPTS = 3;
const STALE_BUILD_MESSAGE = 'the portal build is missing or out of date';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// Settings a developer's shell may carry that would point the product away from what is benchmarked here (one API
// host process with the embedded authorization server, as the peer is one process).
const INHERITED_OVERRIDES =
  /^(DIRECTORY_|REDIS_URL$|MTLS_TERMINATOR$|MTLS_PROXY_SECRET$|SOFTWARE_ENVIRONMENT$|NEXTAUTH_|RATE_LIMIT_|AUTHORIZATION_SERVER|API_WORKERS$|PORTAL_WORKERS$|ACCESS_TOKEN_TTL_SECONDS$)/;
// The load comes from one certificate and one address, so the per-certificate and per-IP limits are raised far
// above it rather than turned off: the limiter's own cost stays in the numbers.
const UNREACHED_RATE_LIMITS = {
  RATE_LIMIT_REGISTER_PER_MINUTE: '1000000',
  RATE_LIMIT_TOKEN_PER_MINUTE: '1000000',
};

const PEER_ADAPTER = 'a minimal pg adapter on a table shaped as the product\'s, in a schema of its own';

/** One scenario as bench.ts lists it: the same name on the product and the peer, each system with its own requests. */
type ScenarioKind = { name: string; server: string; system?: BenchSystem; prepare: Scenario['prepare']; origin?: URL };

let product: RunningProduct | null = null;
let peer: RunningPeer | null = null;

async function main(): Promise<number> {
  const startedAt = new Date();
  const settings = readBenchSettings(process.env);
  const dataDir = path.join(ROOT, settings.dataDir);
  log(`database ${redact(settings.databaseUrl)}: recreating the benchmark schema, and the peer's (${redact(settings.peer.databaseUrl)})`);
  log(`API_WORKERS=${settings.apiWorkers}; rate limits in ${settings.redisUrl ? `Redis (${redact(settings.redisUrl)})` : 'PostgreSQL'}`);
  const postgresVersion = await prepareBenchDatabase(settings.databaseUrl);
  await preparePeerDatabase(settings.peer.databaseUrl);

  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_OVERRIDES.test(name))),
    // Typed as required by Next.js's augmentation; left as the shell had it (undefined entries are not passed on).
    NODE_ENV: process.env.NODE_ENV,
    NEXT_TELEMETRY_DISABLED: '1',
    PORTAL_URL: settings.portalUrl,
    SANDBOX_DIRECTORY_URL: settings.sandboxDirectoryUrl,
    MTLS_URL: settings.mtlsUrl,
    API_ADDRESS: settings.apiAddress,
    // A port of the benchmark's own, away from npm start's and the e2e products'.
    METRICS_ADDRESS: '127.0.0.1:9467',
    ...(settings.redisUrl ? { REDIS_URL: settings.redisUrl } : {}),
    API_WORKERS: String(settings.apiWorkers),
    DATA_DIR: settings.dataDir,
    DATABASE_URL: settings.databaseUrl,
    ASPSP_ORG_ID: settings.aspspOrgId,
    ...UNREACHED_RATE_LIMITS,
  };
  const { running, build } = await startFreshProduct(settings, env);
  log(`ready: launcher pids ${running.launcherPids.join(', ')}, API host ${running.apiHostPids.join(', ')}, portal ${running.portalPids.join(', ')}`);

  const software = await createBenchSoftware(settings.sandboxDirectoryUrl, settings.tppOrgId);
  const tls = {
    cert: software.transport.certificate_pem,
    key: software.transport.private_key_pem,
    ca: await readFile(path.join(dataDir, 'mtls', 'ca.pem'), 'utf8'),
  };
  const origin = new URL(settings.mtlsUrl);
  const registration = { mtlsUrl: settings.mtlsUrl, audience: settings.aspspOrgId, tls };
  // RFC 8705 tls_client_auth: the registered DN is the transport certificate's subject, as the portal prefills it.
  const subjectDn = formatDistinguishedName(readX509Name(new x509.X509Certificate(software.transport.certificate_pem).subjectName));
  const tlsClientId = await registerBenchClient(software, {
    ...registration,
    overrides: { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: subjectDn, token_endpoint_auth_signing_alg: undefined },
  });
  const jwtClientId = await registerBenchClient(software, { ...registration, overrides: {} });
  log(`clients registered: tls_client_auth ${tlsClientId} (${subjectDn}), private_key_jwt ${jwtClientId}`);

  // The peer serves the same clients (same software, certificate and keys), from its own schema, with the API host's TLS.
  const [tlsClient, jwtClient] = await seedPeerClients(settings.databaseUrl, settings.peer.databaseUrl, [tlsClientId, jwtClientId]);
  if (!tlsClient || !jwtClient) throw new Error('the peer was not seeded with both clients');
  const mtlsDir = path.join(dataDir, 'mtls');
  peer = await spawnPeerAuthorizationServer(
    ROOT,
    {
      url: settings.peer.url,
      databaseUrl: settings.peer.databaseUrl,
      caBundlePath: path.join(dataDir, 'directory', 'ca-bundle.pem'),
      serverKeyPath: path.join(mtlsDir, 'server-key.pem'),
      serverCertPath: path.join(mtlsDir, 'server.pem'),
    },
    path.join(dataDir, 'peer.log'),
  );
  log(`peer authorization server at ${peer.url}: pids ${peer.pids.join(', ')}`);
  const peerOrigin = new URL(settings.peer.url);

  const floorPath = '/register/00000000-0000-4000-8000-000000000000';
  const scenarioKinds: ScenarioKind[][] = [
    [
      // What TLS, HTTP and the API host's routing cost before any work: the route answers 401 at once.
      { name: SCENARIO_NAMES.floor, server: 'apiHost', prepare: async () => () => ({ path: floorPath, headers: {}, expectedStatus: 401 }) },
      // The peer's equivalent: a path oidc-provider does not serve, refused by its router (koa's 404).
      { name: SCENARIO_NAMES.floor, server: 'peer', system: 'peer', origin: peerOrigin, prepare: async () => () => ({ path: floorPath, headers: {}, expectedStatus: 404 }) },
    ],
    [{ name: SCENARIO_NAMES.register, server: 'apiHost', prepare: (count: number) => prepareRegistrations(software, settings.aspspOrgId, count) }],
    [
      { name: SCENARIO_NAMES.tokenTlsClientAuth, server: 'apiHost', prepare: async () => prepareTlsClientAuthTokens(tlsClient.clientId, tlsClient.scope) },
      { name: SCENARIO_NAMES.tokenTlsClientAuth, server: 'peer', system: 'peer', origin: peerOrigin, prepare: async () => prepareTlsClientAuthTokens(tlsClient.clientId, tlsClient.scope) },
    ],
    [
      {
        name: SCENARIO_NAMES.tokenPrivateKeyJwt,
        server: 'apiHost',
        prepare: (count: number) => prepareAssertionTokens(software, jwtClient.clientId, jwtClient.scope, `${settings.mtlsUrl}/token`, count),
      },
      {
        name: SCENARIO_NAMES.tokenPrivateKeyJwt,
        server: 'peer',
        system: 'peer',
        origin: peerOrigin,
        prepare: (count: number) => prepareAssertionTokens(software, jwtClient.clientId, jwtClient.scope, `${settings.peer.url}/token`, count),
      },
    ],
  ];
  const cpuGroups = { launcher: running.launcherPids, apiHost: running.apiHostPids, portal: running.portalPids, peer: peer.pids };
  const scenarios: ScenarioResult[] = [];
  // Product and peer take turns at each connection count, so that drift on the machine touches both alike.
  const runKinds = async (groups: ScenarioKind[][], connections: number[]) => {
    for (const kinds of groups) {
      for (const concurrency of connections) {
        for (const kind of kinds) {
          const system = kind.system ?? 'product';
          const scenario: Scenario = { name: kind.name, system, server: kind.server, concurrency, prepare: kind.prepare, origin: kind.origin };
          const result = await runScenario(scenario, { settings, origin, tls, cpuGroups });
          const s = result.summary;
          log(`${kind.name} (${system}) @${concurrency}: ${s.throughput} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, ${s.errors} errors of ${s.requests}${s.firstError ? ` (first: ${s.firstError})` : ''}`);
          scenarios.push(result);
        }
      }
    }
  };
  await runKinds(scenarioKinds, settings.connections);
  await stopPeer();

  // The admin console's client list, at the number of clients a busy bank has, as the signed-in admin loads it.
  const seeded = await seedAdminClients(settings.databaseUrl, settings.adminList.clients);
  log(`admin list: ${seeded.added} clients added, ${seeded.live} live; signing the bank admin in through the sandbox IdP…`);
  const cookie = await signInBankAdmin(settings.portalUrl);
  const portalOrigin = new URL(settings.portalUrl);
  const adminPage = (query: string): ScenarioKind['prepare'] => async () => () => ({ path: `/admin/clients${query}`, headers: { cookie } });
  await runKinds(
    [
      [{ name: 'GET /admin/clients (first page)', server: 'portal', origin: portalOrigin, prepare: adminPage('') }],
      [{ name: 'GET /admin/clients (status=active, page 40)', server: 'portal', origin: portalOrigin, prepare: adminPage('?status=active&page=40') }],
      [{ name: 'GET /admin/clients (organisation search)', server: 'portal', origin: portalOrigin, prepare: adminPage(`?organisation=${SEEDED_SEARCH.organisation}`) }],
    ],
    settings.adminList.connections,
  );
  await stopProduct();

  log(`in-process floor: ${settings.floorIterations} validations…`);
  const floor = await measureValidationFloor(settings.floorIterations);
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    machine: describeMachine(postgresVersion),
    build,
    measuredSeconds: settings.measured.maxDurationMs / 1000,
    peer: { url: settings.peer.url, adapter: PEER_ADAPTER },
    scenarios,
    adminListClients: seeded.live,
    floor,
    targets: judgeTargets(scenarios, settings.targets),
  };
  await writeFile(path.join(dataDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`, { mode: 0o600 });
  console.log(`\n${formatResults(results)}\n`);
  log(`results written to ${settings.dataDir}/results.json (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`);

  for (const scenario of scenarios.filter(({ warmup }) => warmup.errors > 0)) {
    console.warn(`[bench] ${scenario.name} @${scenario.concurrency}: ${scenario.warmup.errors} errors during the warm-up`);
  }
  const failing = scenarios.filter((scenario) => scenario.summary.errorRate > settings.maxErrorRate);
  for (const scenario of failing) {
    console.error(`[bench] ${scenario.name} @${scenario.concurrency}: too many errors (${JSON.stringify(scenario.summary.statuses)}; first: ${scenario.summary.firstError})`);
  }
  return failing.length > 0 ? 1 : 0;
}

// Sources edited while `next build` ran make the launcher refuse the build it just got (`--no-build`): build
// again and retry, a few times, rather than benchmark a build older than the sources.
async function startFreshProduct(settings: BenchSettings, env: NodeJS.ProcessEnv): Promise<{ running: RunningProduct; build: 'current' | 'built' }> {
  const dataDir = path.join(ROOT, settings.dataDir);
  let build: 'current' | 'built' = 'current';
  for (let attempt = 1; ; attempt += 1) {
    if ((await ensureProductionBuild(ROOT)) === 'built') build = 'built';
    await rm(dataDir, { recursive: true, force: true });
    // DATA_DIR of the product: owner-only, or its start-up refuses it.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    log(`starting the product (portal ${settings.portalUrl}, mTLS ${settings.mtlsUrl}; log in ${settings.dataDir}/product.log)`);
    try {
      const running = await startProduct(ROOT, env, path.join(dataDir, 'product.log'));
      // Known to the signal handlers from here on, so that an interrupted run still stops it.
      product = running;
      return { running, build };
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !(error instanceof Error && error.message.includes(STALE_BUILD_MESSAGE))) throw error;
      log('the sources changed during the build; building again');
      // Each attempt migrates the same schema; start it empty again so that nothing of the last one remains.
      await prepareBenchDatabase(settings.databaseUrl);
    }
  }
}

// Registration JWTs are signed here, before the measured phase: signing is the TPP's cost, not the bank's.
async function prepareRegistrations(software: BenchSoftware, audience: string, count: number): Promise<(index: number) => RequestSpec> {
  const jwts = await signJwts(software.signing.private_key_pem, software.signing.kid, count, () => buildRegistrationClaims(software, audience));
  const headers = { 'content-type': 'application/jwt' };
  const bodies = jwts.map((jwt) => Buffer.from(jwt));
  return (index) => ({ path: '/register', headers, body: bodies[index] as Buffer });
}

// The certificate is the credential: every request is the same. The scopes are named, so that the product (which
// grants the registered ones by default) and the peer (which would grant none) issue the same token.
function prepareTlsClientAuthTokens(clientId: string, scope: string): (index: number) => RequestSpec {
  const body = Buffer.from(new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope }).toString());
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return () => ({ path: '/token', headers, body });
}

// RFC 7523: each assertion has its own jti (the endpoint refuses a replay), so each is signed beforehand.
async function prepareAssertionTokens(software: BenchSoftware, clientId: string, scope: string, audience: string, count: number): Promise<(index: number) => RequestSpec> {
  const now = Math.floor(Date.now() / 1000);
  const assertions = await signJwts(software.signing.private_key_pem, software.signing.kid, count, () => ({
    iss: clientId,
    sub: clientId,
    aud: audience,
    iat: now,
    exp: now + 300,
    jti: crypto.randomUUID(),
  }));
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const bodies = assertions.map((assertion) =>
    Buffer.from(new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: JWT_BEARER, client_assertion: assertion }).toString()),
  );
  return (index) => ({ path: '/token', headers, body: bodies[index] as Buffer });
}

async function stopPeer(): Promise<void> {
  const running = peer;
  peer = null;
  if (running) {
    log(`stopping the peer (pids ${running.pids.join(', ')})`);
    await running.stop();
  }
}

async function stopProduct(): Promise<void> {
  await stopPeer();
  const running = product;
  product = null;
  if (running) {
    log(`stopping the product (pid ${running.rootPid})`);
    await running.stop();
  }
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void stopProduct().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[bench] failed:', error);
    void stopProduct().finally(() => process.exit(1));
  },
);
