// One group of Onboard's processes, which `npm start` runs when API_WORKERS or PORTAL_WORKERS is above 1 (PostgreSQL):
// `--api` or `--portal` (or both), `--workers N` of them sharing the listening sockets (node:cluster), `--dev`.
// The launcher has applied the migrations and set the environment; this only serves.
import './launcher/allow-server-only';
import cluster from 'node:cluster';
import { prepareDataDir } from '../lib/data-dir/prepare-data-dir';
import { EnvError, parseEnv } from '../lib/env';
import { KeyEncryptionKeyError } from '../lib/key-encryption/load-key-encryption-key';
import { clusterMetrics, startMetricsServer } from '../lib/metrics/start-metrics-server';
import { serveRoles } from './launcher/serve-roles';

const roles = { api: process.argv.includes('--api'), portal: process.argv.includes('--portal') };
const workers = Number(process.argv[process.argv.indexOf('--workers') + 1] ?? '1') || 1;
const isDev = process.argv.includes('--dev');
const name = [roles.api && 'api', roles.portal && 'portal'].filter(Boolean).join('+');

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  // The launcher checked DATA_DIR; a group started on its own checks it too (workers inherit the umask).
  if (cluster.isPrimary) await prepareDataDir(env.dataDir);
  if (cluster.isPrimary && workers > 1) {
    for (let index = 0; index < workers; index += 1) cluster.fork();
    // A worker that dies is replaced; the launcher stops the whole group with SIGTERM.
    cluster.on('exit', (worker, code, signal) => {
      if (isStopping) return;
      log(`worker ${worker.process.pid} exited (${code ?? signal}); starting another`);
      cluster.fork();
    });
    // The API host's /metrics: every worker's, summed, from the primary (workers share the other listeners).
    const metrics = roles.api ? await startMetricsServer(env.metricsAddress, clusterMetrics()) : null;
    if (metrics) log(`metrics at ${metrics.url}/metrics`);
    onStop(async () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
      await metrics?.close();
    });
    return;
  }
  const served = await serveRoles(env, roles, isDev, log, { servesMetrics: !cluster.isWorker });
  onStop(() => served.close());
  log('ready');
}

let isStopping = false;
function onStop(stop: () => Promise<void>): void {
  const handle = () => {
    if (isStopping) return;
    isStopping = true;
    stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

function log(message: string): void {
  console.log(`[onboard ${name}${cluster.isWorker ? ` ${process.pid}` : ''}] ${message}`);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof KeyEncryptionKeyError) console.error(`[onboard ${name}] ${error.message}`);
  else console.error(`[onboard ${name}] start-up failed:`, error);
  process.exit(1);
});
