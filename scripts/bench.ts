// `npm run bench`: load on the DCR and token endpoints of a freshly started product (PostgreSQL, mutual
// TLS through the embedded terminator), then the in-process floor of the validation core. Prints Markdown
// and writes `.data/bench/results.json`. Exits non-zero only when more than 1% of requests fail, or on a crash:
// targets not met are a finding, not a failure.
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
import { judgeTargets } from './bench/judge-targets';
import { measureValidationFloor } from './bench/measure-validation-floor';
import { prepareBenchDatabase } from './bench/prepare-bench-database';
import { registerBenchClient } from './bench/register-bench-client';
import type { RequestSpec } from './bench/run-phase';
import { runScenario, type Scenario, type ScenarioResult } from './bench/run-scenario';
import { SEEDED_SEARCH, seedAdminClients } from './bench/seed-admin-clients';
import { signInBankAdmin } from './bench/sign-in-bank-admin';
import { signJwts } from './bench/sign-jwts';
import { startProduct, type RunningProduct } from './bench/start-product';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START_ATTEMPTS = 3;
const STALE_BUILD_MESSAGE = 'the portal build is missing or out of date';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// Settings a developer's shell may carry that would point the product away from what is benchmarked here.
const INHERITED_OVERRIDES = /^(DIRECTORY_|MTLS_TERMINATOR$|MTLS_PROXY_SECRET$|SOFTWARE_ENVIRONMENT$|NEXTAUTH_|RATE_LIMIT_)/;
// The load comes from one certificate and one address, so the per-certificate and per-IP limits are raised far
// above it rather than turned off: the limiter's own cost stays in the numbers.
const UNREACHED_RATE_LIMITS = {
  RATE_LIMIT_REGISTER_PER_MINUTE: '1000000',
  RATE_LIMIT_REGISTER_BURST: '100000',
  RATE_LIMIT_TOKEN_PER_MINUTE: '1000000',
  RATE_LIMIT_TOKEN_BURST: '100000',
};

type ScenarioKind = { name: string; prepare: Scenario['prepare']; origin?: URL };

let product: RunningProduct | null = null;

async function main(): Promise<number> {
  const startedAt = new Date();
  const settings = readBenchSettings(process.env);
  const dataDir = path.join(ROOT, settings.dataDir);
  log(`database ${redact(settings.databaseUrl)}: recreating the benchmark schema`);
  const postgresVersion = await prepareBenchDatabase(settings.databaseUrl);

  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_OVERRIDES.test(name))),
    // Typed as required by Next.js's augmentation; left as the shell had it (undefined entries are not passed on).
    NODE_ENV: process.env.NODE_ENV,
    NEXT_TELEMETRY_DISABLED: '1',
    PORTAL_URL: settings.portalUrl,
    SANDBOX_DIRECTORY_URL: settings.sandboxDirectoryUrl,
    MTLS_URL: settings.mtlsUrl,
    DATA_DIR: settings.dataDir,
    DATABASE_URL: settings.databaseUrl,
    ASPSP_ORG_ID: settings.aspspOrgId,
    ...UNREACHED_RATE_LIMITS,
  };
  const { running, build } = await startFreshProduct(settings, env);
  log(`ready: launcher pid ${running.launcherPid}, Next.js pid ${running.portalPids.join(', ') || 'not found'}`);

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

  const scenarioKinds: ScenarioKind[] = [
    // What Next.js, the proxy and the terminator cost before any work: the route answers 401 at once.
    { name: 'GET /register/{id} without a token (floor)', prepare: async () => () => ({ path: '/register/00000000-0000-4000-8000-000000000000', headers: {}, expectedStatus: 401 }) },
    { name: 'POST /register', prepare: (count: number) => prepareRegistrations(software, settings.aspspOrgId, count) },
    { name: 'POST /token (tls_client_auth)', prepare: async () => prepareTlsClientAuthTokens(tlsClientId) },
    { name: 'POST /token (private_key_jwt)', prepare: (count: number) => prepareAssertionTokens(software, jwtClientId, `${settings.mtlsUrl}/token`, count) },
  ];
  const cpuGroups = { launcher: [running.launcherPid], nextjs: running.portalPids };
  const scenarios: ScenarioResult[] = [];
  const runKinds = async (kinds: ScenarioKind[], connections: number[]) => {
    for (const kind of kinds) {
      for (const concurrency of connections) {
        const scenario: Scenario = { name: kind.name, concurrency, prepare: kind.prepare, origin: kind.origin };
        const result = await runScenario(scenario, { settings, origin, tls, cpuGroups });
        const s = result.summary;
        log(`${kind.name} @${concurrency}: ${s.throughput} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, ${s.errors} errors of ${s.requests}${s.firstError ? ` (first: ${s.firstError})` : ''}`);
        scenarios.push(result);
      }
    }
  };
  await runKinds(scenarioKinds, settings.connections);

  // The admin console's client list, at the number of clients a busy bank has, as the signed-in admin loads it.
  const seeded = await seedAdminClients(settings.databaseUrl, settings.adminList.clients);
  log(`admin list: ${seeded.added} clients added, ${seeded.live} live; signing the bank admin in through the sandbox IdP…`);
  const cookie = await signInBankAdmin(settings.portalUrl);
  const portalOrigin = new URL(settings.portalUrl);
  const adminPage = (query: string): ScenarioKind['prepare'] => async () => () => ({ path: `/admin/clients${query}`, headers: { cookie } });
  await runKinds(
    [
      { name: 'GET /admin/clients (first page)', origin: portalOrigin, prepare: adminPage('') },
      { name: 'GET /admin/clients (status=active, page 40)', origin: portalOrigin, prepare: adminPage('?status=active&page=40') },
      { name: 'GET /admin/clients (organisation search)', origin: portalOrigin, prepare: adminPage(`?organisation=${SEEDED_SEARCH.organisation}`) },
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
    scenarios,
    adminListClients: seeded.live,
    floor,
    targets: judgeTargets(scenarios, settings.targets),
  };
  await writeFile(path.join(dataDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
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
    await mkdir(dataDir, { recursive: true });
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

// The certificate is the credential: every request is the same.
function prepareTlsClientAuthTokens(clientId: string): (index: number) => RequestSpec {
  const body = Buffer.from(new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId }).toString());
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return () => ({ path: '/token', headers, body });
}

// RFC 7523: each assertion has its own jti (the endpoint refuses a replay), so each is signed beforehand.
async function prepareAssertionTokens(software: BenchSoftware, clientId: string, audience: string, count: number): Promise<(index: number) => RequestSpec> {
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
    Buffer.from(new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion }).toString()),
  );
  return (index) => ({ path: '/token', headers, body: bodies[index] as Buffer });
}

async function stopProduct(): Promise<void> {
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
