import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

import { createAddressCheckedFetch } from './create-address-checked-fetch';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server that answers the first request on every connection and treats the next as `onLater` says. */
async function startServer(onLater: 'answer' | 'reset', onFirst: 'answer' | 'reset' = 'answer') {
  const requestsOn = new WeakMap<Socket, number>();
  const seen = { connections: 0, requests: 0 };
  server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
    seen.requests += 1;
    const count = (requestsOn.get(request.socket) ?? 0) + 1;
    requestsOn.set(request.socket, count);
    // A reset stands for a server that closed the idle connection just as the client reused it.
    if ((count === 1 ? onFirst : onLater) === 'reset') request.socket.destroy();
    else response.writeHead(200, { 'content-type': 'text/plain' }).end(`answer ${seen.requests}`);
  });
  server.on('connection', () => (seen.connections += 1));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/doc`, seen };
}

describe('createAddressCheckedFetch', () => {
  it('keeps the connection alive between requests', async () => {
    const { url, seen } = await startServer('answer');
    const fetch = createAddressCheckedFetch();
    expect(await (await fetch(url, {})).text()).toBe('answer 1');
    expect(await (await fetch(url, {})).text()).toBe('answer 2');
    expect(seen.connections).toBe(1);
  });

  it('sends a request once more on a new connection when the kept-alive one turns out closed', async () => {
    const { url, seen } = await startServer('reset');
    const fetch = createAddressCheckedFetch();
    expect(await (await fetch(url, {})).text()).toBe('answer 1');
    expect(await (await fetch(url, { method: 'POST', body: new TextEncoder().encode('query') })).text()).toBe('answer 3');
    expect(seen).toEqual({ connections: 2, requests: 3 });
  });

  it('does not resend when a new connection is reset', async () => {
    const { url, seen } = await startServer('answer', 'reset');
    await expect(createAddressCheckedFetch()(url, {})).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(seen).toEqual({ connections: 1, requests: 1 });
  });
});
