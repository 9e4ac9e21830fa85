import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned answer: JSON `body` (objects are serialised, strings sent as is) after `delayMs`. */
export type TestJwksRoute =
  | { status?: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  | ((request: IncomingMessage, response: ServerResponse) => void);

/** A local HTTP server for JWKS tests: swap routes at will and count the requests each path got. */
export type TestJwksServer = {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`, as an allow-list entry. */
  host: string;
  port: number;
  url(path: string): string;
  serve(path: string, route: TestJwksRoute): void;
  /** Requests received for `path`, or in total. */
  requestCount(path?: string): number;
  close(): Promise<void>;
};

/** Starts a JWKS server on 127.0.0.1 on a random port; unknown paths answer 404. */
export async function startJwksServer(): Promise<TestJwksServer> {
  const routes = new Map<string, TestJwksRoute>();
  const counts = new Map<string, number>();
  let total = 0;

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://test').pathname;
    total += 1;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    if (typeof route === 'function') {
      route(request, response);
      return;
    }
    const answer = () => {
      const body = route.body === undefined ? '' : typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
      response.writeHead(route.status ?? 200, { 'content-type': 'application/json', ...route.headers }).end(body);
    };
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    url: (path) => `${origin}${path}`,
    serve: (path, route) => void routes.set(path, route),
    requestCount: (path) => (path === undefined ? total : (counts.get(path) ?? 0)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Slow-response tests leave sockets open: cut them, or close() waits for them.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
