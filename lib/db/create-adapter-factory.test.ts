import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_CONNECT_TIMEOUT_MS } from './create-adapter-factory';
import { createPrismaClient } from './create-prisma-client';

// A "database host" that accepts TCP connections and never says a word, as a hung or half-dead server does.
let blackHole: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  blackHole = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => blackHole.close(resolve));
});

describe('createAdapterFactory on PostgreSQL', () => {
  it('fails a query whose connection cannot be opened within the connect timeout, instead of waiting forever', { timeout: POSTGRES_CONNECT_TIMEOUT_MS + 10_000 }, async () => {
    const { port } = blackHole.address() as AddressInfo;
    const handle = createPrismaClient({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test` });
    const startedAt = Date.now();
    try {
      await expect(handle.client.$queryRaw`SELECT 1`).rejects.toThrow();
    } finally {
      await handle.close();
    }
    const elapsed = Date.now() - startedAt;
    expect(sockets.length).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(POSTGRES_CONNECT_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(POSTGRES_CONNECT_TIMEOUT_MS + 3_000);
  });
});
