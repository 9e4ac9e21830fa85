import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

import { listProcessTree, type TreeProcess } from './list-process-tree';

/** The product as the benchmark started it: its processes by role, and how to stop it. */
export type RunningProduct = {
  /** The tsx launcher wrapper: the root of the tree the benchmark stops. */
  rootPid: number;
  /** The launcher itself: migrations, the sandbox directory and the mTLS terminator run in it. */
  launcherPid: number;
  /** `next start` and any worker it forked. */
  portalPids: number[];
  logPath: string;
  /** Stops every process of the tree by its id (SIGTERM, then SIGKILL for what is left after 15 s). */
  stop(): Promise<void>;
};

const READY_LINE = '[onboard] Onboard is running at';
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/** Starts the product as `npm start` does (`--no-build`), logging to `logPath`, and resolves once it says it is running. */
export async function startProduct(root: string, env: NodeJS.ProcessEnv, logPath: string): Promise<RunningProduct> {
  // The build is made beforehand (`--no-build`); a launcher that exits or never gets ready rejects with the log's tail.
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts', '--no-build'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rootPid = child.pid;
  if (rootPid === undefined) throw new Error('the product could not be started');
  let tail = '';
  let known: TreeProcess[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // Remember the whole tree first: once the launcher is gone its children are no longer findable by parent.
      known = listProcessTree(rootPid);
      process.kill(rootPid, 'SIGTERM');
      await Promise.race([exited, delay(STOP_GRACE_MS)]);
    }
    for (const entry of known) {
      if (isAlive(entry.pid)) process.kill(entry.pid, 'SIGKILL');
    }
    log.end();
  };

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${tail}`)), READY_TIMEOUT_MS);
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
      reject(new Error(`the product exited (${code ?? 'signal'}) before it was ready:\n${tail}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }

  known = listProcessTree(rootPid);
  const launcher = known.find((entry) => entry.pid !== rootPid && entry.command.includes('scripts/start.ts'));
  return {
    rootPid,
    launcherPid: launcher?.pid ?? rootPid,
    portalPids: known.filter((entry) => /\bnext\b|next-server/.test(entry.command) && !entry.command.includes('scripts/start.ts')).map((entry) => entry.pid),
    logPath,
    stop,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
