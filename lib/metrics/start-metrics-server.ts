// No `server-only`: the launcher runs this under tsx in plain Node.
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, collectDefaultMetrics, register } from 'prom-client';

/** What `/metrics` answers: the exposition text and its content type. */
export type MetricsSource = () => Promise<{ contentType: string; text: string }>;

/** This process's metrics (its default registry, with Node's process metrics). */
export function processMetrics(): MetricsSource {
  collectDefaultMetricsOnce();
  return async () => ({ contentType: register.contentType, text: await register.metrics() });
}

/**
 * The metrics of every worker of a node:cluster group, summed (histograms and counters) by prom-client's
 * aggregator: the primary asks each worker over IPC. Workers answer once they have loaded prom-client.
 */
export function clusterMetrics(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return async () => ({ contentType: aggregator.contentType, text: (await aggregator.clusterMetrics()) as string });
}

/** In a node:cluster worker: answers the primary's requests for this worker's metrics (prom-client's IPC listener). */
export function answerClusterMetricsRequests(): void {
  // Constructing an aggregator is what adds the listener; it is idempotent.
  new AggregatorRegistry();
}

let hasDefaultMetrics = false;
/** Node's own metrics (event loop lag, heap, CPU), registered once per process; workers call it too. */
export function collectDefaultMetricsOnce(): void {
  if (hasDefaultMetrics) return;
  hasDefaultMetrics = true;
  collectDefaultMetrics({ prefix: 'onboard_' });
}

/** A running metrics listener, and how to stop it. */
export type MetricsServer = { url: string; close(): Promise<void> };

/**
 * Serves `GET /metrics` at `METRICS_ADDRESS` (default 127.0.0.1:9464): its own listener, never the mutual TLS port
 * nor `API_ADDRESS`, so that what TPPs and the terminator reach shows nothing of it. Anything else is a 404.
 */
export async function startMetricsServer(address: { host: string; port: number }, source: MetricsSource): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    source().then(
      ({ contentType, text }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port }, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
