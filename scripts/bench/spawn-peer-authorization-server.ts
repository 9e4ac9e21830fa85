import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

import { listProcessTree } from './list-process-tree';

/** The peer as the benchmark started it: its processes (tsx wrapper and server) and how to stop them. */
export type RunningPeer = { url: string; pids: number[]; stop(): Promise<void> };

/** What the peer's process needs (see serve-peer-authorization-server.ts). */
export type PeerProcessOptions = { url: string; databaseUrl: string; caBundlePath: string; serverKeyPath: string; serverCertPath: string };

const READY_LINE = '[peer] listening on';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** Starts the peer authorization server in a process of its own, logging to `logPath`; resolves once it listens. */
export async function spawnPeerAuthorizationServer(root: string, options: PeerProcessOptions, logPath: string): Promise<RunningPeer> {
  const log = createWriteStream(logPath, { mode: 0o600 });
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/bench/serve-peer-authorization-server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      BENCH_PEER_URL: options.url,
      BENCH_PEER_DATABASE_URL: options.databaseUrl,
      BENCH_PEER_CA_BUNDLE: options.caBundlePath,
      BENCH_PEER_SERVER_KEY: options.serverKeyPath,
      BENCH_PEER_SERVER_CERT: options.serverCertPath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rootPid = child.pid;
  if (rootPid === undefined) throw new Error('the peer could not be started');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let pids: number[] = [rootPid];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(rootPid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    log.end();
  };
  let tail = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the peer was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${tail}`)), READY_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        log.write(chunk);
        tail = (tail + chunk.toString('utf8')).slice(-4_000);
        if (tail.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the peer exited (${code ?? 'signal'}) before it was ready:\n${tail}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  pids = listProcessTree(rootPid).map((entry) => entry.pid);
  return { url: options.url, pids, stop };
}
