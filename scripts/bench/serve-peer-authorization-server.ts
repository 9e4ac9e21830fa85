// The benchmark peer's process (scripts/bench/start-peer-authorization-server.ts), started by `npm run bench` so that
// its CPU is measured on its own. Configured by the benchmark through BENCH_PEER_* variables; says "listening" when ready.
import { readFile } from 'node:fs/promises';

import { startPeerAuthorizationServer } from './start-peer-authorization-server';

async function main(): Promise<void> {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const peer = await startPeerAuthorizationServer({
    url: read('BENCH_PEER_URL'),
    databaseUrl: read('BENCH_PEER_DATABASE_URL'),
    caBundlePem: await readFile(read('BENCH_PEER_CA_BUNDLE'), 'utf8'),
    serverKeyPem: await readFile(read('BENCH_PEER_SERVER_KEY'), 'utf8'),
    serverCertPem: await readFile(read('BENCH_PEER_SERVER_CERT'), 'utf8'),
    accessTokenTtlSeconds: Number(process.env.BENCH_PEER_TOKEN_TTL_SECONDS ?? 300),
  });
  console.log(`[peer] listening on ${peer.url}`);
  const stop = () => void peer.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('[peer] start-up failed:', error);
  process.exit(1);
});
