import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@/directory/testing/find-free-port';

const run = promisify(execFile);

/** A PostgreSQL server of a test's own, which the test may stop and start at will. */
export type PrivatePostgres = {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string;
  /** Stops the server at once, as a crash or a power cut would (`pg_ctl stop -m immediate`): connections are cut. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (after crash recovery). */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
};

/**
 * Creates and starts a throwaway PostgreSQL cluster in a temporary folder on a free port, so that fault tests
 * can stop a database without touching the machine's own server. Needs the server binaries (`PG_BIN_DIR`,
 * default `pg_config --bindir`, else /usr/lib/postgresql/15/bin); as root, runs them as the `postgres` user.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binDir = process.env.PG_BIN_DIR ?? (await run('pg_config', ['--bindir']).then(({ stdout }) => stdout.trim(), () => '/usr/lib/postgresql/15/bin'));
  const isRoot = process.getuid?.() === 0;
  const pg = (program: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', path.join(binDir, program), ...args]) : run(path.join(binDir, program), args);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'onboard-postgres-'));
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    await chown(dir, uid, uid);
  }
  const dataDir = path.join(dir, 'data');
  const port = await findFreePort();
  await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  // Its socket lives in its own folder; fsync off: the data is thrown away, and crash recovery still runs.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    await pg('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  };
  let isRunning = false;
  const stop = async () => {
    if (!isRunning) return;
    await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    isRunning = false;
  };
  await start();
  isRunning = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    async start() {
      await start();
      isRunning = true;
    },
    async dispose() {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
