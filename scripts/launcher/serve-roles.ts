// Runs the portal (Next.js through its programmatic server) and/or the API host in this process.
// First: lib/ modules below import `server-only`.
import './allow-server-only';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../../lib/env';
import { chooseMtlsTerminator } from '../../lib/api-host/choose-mtls-terminator';
import { startConfiguredApiHost } from '../../lib/api-host/start-configured-api-host';
import { fromNodeRequest } from '../../lib/http/from-node-request';
import { refuseServerAction } from '../../lib/http/refuse-server-action';
import { writeAnswer } from '../../lib/http/write-answer';
import { answerClusterMetricsRequests, collectDefaultMetricsOnce, processMetrics, startMetricsServer } from '../../lib/metrics/start-metrics-server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Which parts this process serves. */
export type Roles = { portal: boolean; api: boolean };

/** What is running, and how to stop it: in-flight requests finish, no new ones are taken. */
export type ServedRoles = { close(): Promise<void> };

/**
 * Serves the roles in this process. The portal is Next.js's production server (or `next dev` with `isDev`); the API
 * host serves `/register…` and `/token` at `MTLS_URL` (embedded terminator) and at `API_ADDRESS`. With PGlite both
 * must be in one process: the embedded database has one owner.
 */
export async function serveRoles(
  env: Env,
  roles: Roles,
  isDev: boolean,
  log: (message: string) => void,
  // A node:cluster worker leaves /metrics to its primary, which sums every worker's.
  options: { servesMetrics: boolean } = { servesMetrics: true },
): Promise<ServedRoles> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    await Promise.allSettled(closers.map((closeOne) => closeOne()));
    const { closeDb } = await import('../../lib/db');
    await closeDb();
  };
  try {
    if (roles.api) {
      const terminator = chooseMtlsTerminator(env.mtlsUrl, process.env.MTLS_TERMINATOR);
      const host = await startConfiguredApiHost(env, terminator);
      closers.push(host.close);
      log(`API at ${host.mtlsUrl ?? `${env.mtlsUrl} (the bank's own TLS terminator)`}${host.caPath ? ` (trust ${host.caPath})` : ''}, and ${host.plainUrl} for a terminator in front`);
      collectDefaultMetricsOnce();
      if (options.servesMetrics) {
        const metrics = await startMetricsServer(env.metricsAddress, processMetrics());
        closers.push(metrics.close);
        log(`metrics at ${metrics.url}/metrics`);
      } else answerClusterMetricsRequests();
    }
    if (roles.portal) {
      const server = await startPortal(env, isDev);
      closers.push(() => closeServer(server));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}

async function startPortal(env: Env, isDev: boolean): Promise<Server> {
  // Next.js reads NODE_ENV when it loads, as `next start` would set it.
  (process.env as Record<string, string>).NODE_ENV = isDev ? 'development' : 'production';
  const { default: next } = await import('next');
  const port = Number(new URL(env.portalUrl).port || 3000);
  const app = next({ dev: isDev, dir: ROOT, port, hostname: 'localhost' });
  await app.prepare();
  const handle = app.getRequestHandler();
  const portalOrigin = new URL(env.portalUrl).origin;
  const server = createServer((req, res) => {
    // From the headers alone, before Next.js reads (and buffers) the body: the rest of a refused one is left unread on
    // a connection that closes after the answer.
    const refusal = refuseServerAction(fromNodeRequest(req), portalOrigin);
    if (refusal) writeAnswer(req, res, refusal);
    else void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
