import 'server-only';
import type { IncomingMessage } from 'node:http';
import { anchorAuditHead } from '@/lib/audit/anchor-audit-head';
import { flushAuditCounters } from '@/lib/audit/flush-audit-counters';
import { checkReadiness } from '@/lib/health/check-readiness';
import { directoryKeysProbes, remoteAuthorizationServerProbe, signingKeysProbe } from '@/lib/health/api-host-probes';
import { databaseProbes } from '@/lib/health/database-probes';
import { registerCollectedGauge } from '@/lib/metrics/metrics';
import { closeRateLimitStore, rateLimitStoreProbe } from '@/lib/rate-limit/check-rate-limit';
import { loadAuditAnchorStore } from '@/lib/audit/load-audit-anchor-store';
import { getAuthorizationServerProvisioning } from '@/lib/authorization-server/provisioning/get-authorization-server-provisioning';
import { getDatabasePoolStats, getDb, getSql } from '@/lib/db';
import { runScheduledTrustRecheck } from '@/lib/trust-recheck/run-scheduled-trust-recheck';
import { getValidationContext } from '@/lib/validation/get-validation-context';
import type { Env } from '@/lib/env';
import type { ApiConnection } from '@/lib/http/with-mtls-request';
import { API_ROUTES } from './api-routes';
import { createConfiguredAuthorizationServer } from './create-configured-authorization-server';
import { mountAuthorizationServer } from './mount-authorization-server';
import type { ApiHostServices } from './start-configured-api-host';
import { getLogger } from '@/lib/logging/logger';

/** How often the API host retries the provisioning changes the bank's authorization server has not confirmed, and flushes the audit counters. */
const DUE_TASKS_INTERVAL_MS = 5_000;
/** How often the API host anchors the audit chain's head outside the database (only when it moved since the last anchor). */
export const AUDIT_ANCHOR_INTERVAL_MS = 5 * 60_000;
/** How often the API host asks whether the trust re-check is due (it runs every TRUST_RECHECK_INTERVAL_SECONDS, on one instance). */
const TRUST_RECHECK_POLL_MS = 60_000;

/**
 * What the API host serves: the DCR endpoints and, with `AUTHORIZATION_SERVER=embedded`, the embedded authorization
 * server (token, introspection, revocation, JWKS, discovery). At start, clients registered before provisioning
 * existed are provisioned (`backfill`), and the outbox of a remote server is run on an interval. The audit chain's
 * head is anchored at start (so the anchors file exists from the first start on) and every few minutes. The trust
 * re-check of every live client's certificates runs when due, on whichever instance claims it first.
 */
export async function createApiServices(env: Env): Promise<ApiHostServices> {
  const provisioning = getAuthorizationServerProvisioning(env);
  const report = await provisioning.backfill();
  if (report.provisioned + report.updated + report.deprovisioned + report.failed > 0) {
    getLogger().info({ ...report }, 'authorization server backfill');
  }
  // A KEK that cannot be read stops the start, naming KEY_ENCRYPTION_KEY; after that, anchoring logs its failures.
  const anchorStore = await loadAuditAnchorStore(env);
  await anchorAuditHead({ store: anchorStore });
  const retries = setInterval(() => {
    provisioning.runDueTasks().catch((error: unknown) => getLogger().error({ error: (error as Error).name }, 'provisioning retry failed'));
    flushAuditCounters(getDb()).catch((error: unknown) => getLogger().error({ error: (error as Error).name }, 'audit counters could not be flushed'));
  }, DUE_TASKS_INTERVAL_MS);
  retries.unref();
  const anchors = setInterval(() => void anchorAuditHead({ store: anchorStore }), AUDIT_ANCHOR_INTERVAL_MS);
  anchors.unref();
  let recheckInFlight: Promise<unknown> = Promise.resolve();
  const recheckTrust = () => {
    recheckInFlight = runScheduledTrustRecheck(env.trustRecheckIntervalSeconds, { domains: getValidationContext().domains })
      .then((run) => run.ran && getLogger().info({ clients: run.report.clients, certificates: run.report.certificates, suspended: run.report.suspended }, 'trust re-check'))
      .catch((error: unknown) => getLogger().error({ error: (error as Error).name }, 'trust re-check failed'));
  };
  recheckTrust();
  const rechecks = setInterval(recheckTrust, Math.min(TRUST_RECHECK_POLL_MS, env.trustRecheckIntervalSeconds * 1000));
  rechecks.unref();
  // What this process tallied goes to the shared counters before it stops (another instance closes them if due later).
  const stopTimers = async () => {
    clearInterval(retries);
    clearInterval(anchors);
    clearInterval(rechecks);
    // A run under way finishes (and records its end) before the database closes.
    await recheckInFlight;
    await flushAuditCounters(getDb()).catch((error: unknown) => getLogger().error({ error: (error as Error).name }, 'audit counters could not be flushed'));
    await closeRateLimitStore();
  };
  registerApiHostGauges();
  const common = [...databaseProbes(getSql), rateLimitStoreProbe(), ...directoryKeysProbes(env.trustDomains)];
  if (env.authorizationServer.kind !== 'embedded') {
    const probes = [...common, remoteAuthorizationServerProbe(env.authorizationServer.issuer)];
    return { routes: API_ROUTES, readiness: () => checkReadiness(probes), close: stopTimers };
  }

  const connections = new WeakMap<IncomingMessage, ApiConnection>();
  const server = await createConfiguredAuthorizationServer(
    env,
    (req) => connections.get(req)?.certificatePem ?? null,
    (req) => connections.get(req)?.clientAddress ?? null,
  );
  return {
    routes: API_ROUTES,
    authorizationServer: mountAuthorizationServer(server, connections),
    readiness: () => checkReadiness([...common, signingKeysProbe(server.signingKids)]),
    async close() {
      await stopTimers();
      await server.close();
    },
  };
}

// Read when /metrics is scraped: the provisioning queue (shared: one worker's reading is the truth) and this
// process's database pool (summed over a cluster's workers).
function registerApiHostGauges(): void {
  registerCollectedGauge(
    { name: 'onboard_provisioning_queue_depth', help: 'Client changes the authorization server has not confirmed yet (the provisioning outbox)', aggregator: 'first' },
    async (gauge) => {
      const [row] = await getSql().$queryRaw<{ depth: number }[]>`SELECT count(*)::int AS depth FROM "ProvisioningTask" WHERE "syncedGeneration" < "generation"`;
      gauge.set(row?.depth ?? 0);
    },
  );
  registerCollectedGauge({ name: 'onboard_database_pool_connections', help: "The PostgreSQL pool's connections by state (none with the embedded database)", labelNames: ['state'] }, (gauge) => {
    const stats = getDatabasePoolStats();
    if (stats === null) return;
    gauge.set({ state: 'open' }, stats.total);
    gauge.set({ state: 'idle' }, stats.idle);
    gauge.set({ state: 'waiting' }, stats.waiting);
  });
}
