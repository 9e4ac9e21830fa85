import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

import { listProcessTree, type TreeProcess } from './list-process-tree';

/** The product as the benchmark started it: its processes by role, and how to stop it. */
export type RunningProduct = {
  /** The tsx launcher wrapper: the root of the tree the benchmark stops. */
  rootPid: number;
  /** The launcher itself and its tsx wrapper: migrations and the sandbox directory run in it. */
  launcherPids: number[];
  /** The API host group (`scripts/serve.ts --api`, its tsx wrapper and anything they started): mTLS, DCR and the authorization server. */
  apiHostPids: number[];
  /** The portal group (`scripts/serve.ts --portal`): Next.js's programmatic server. */
  portalPids: number[];
  logPath: string;
  /** Stops every process of the tree by its id (SIGTERM, then SIGKILL for what is left after 15 s). */
  stop(): Promise<void>;
};

const READY_LINE = '[onboard] Onboard is running at';
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/**
 * Starts the product as `npm start -- --separate-processes` does (`--no-build`), logging to `logPath`, and resolves once
 * it says it is running: the API host and the portal each in a process of its own, so that their CPU is told apart.
 */
export async function startProduct(root: string, env: NodeJS.ProcessEnv, logPath: string): Promise<RunningProduct> {
  // The build is made beforehand (`--no-build`); a launcher that exits or never gets ready rejects with the log's tail.
  const log = createWriteStream(logPath, { mode: 0o600 });
  const launcherArgs = ['scripts/start.ts', '--no-build', '--separate-processes'];
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), ...launcherArgs], {
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
  const roles = assignRoles(known);
  if (roles.apiHost.length === 0 || roles.portal.length === 0) {
    await stop();
    throw new Error(`the product did not start the API host and the portal as processes of their own:\n${known.map((entry) => entry.command).join('\n')}`);
  }
  return { rootPid, launcherPids: roles.launcher, apiHostPids: roles.apiHost, portalPids: roles.portal, logPath, stop };
}

// A process belongs to the group of its nearest ancestor-or-self that is a `serve.ts` group; the rest is the launcher's.
function assignRoles(tree: TreeProcess[]): { launcher: number[]; apiHost: number[]; portal: number[] } {
  const roleOf = new Map<number, 'launcher' | 'apiHost' | 'portal'>();
  const roles = { launcher: [] as number[], apiHost: [] as number[], portal: [] as number[] };
  // The tree is listed root first, so a parent's role is known before its children's.
  for (const entry of tree) {
    const isServe = entry.command.includes('scripts/serve.ts');
    const role = isServe && /\s--api\b/.test(entry.command) ? 'apiHost' : isServe && /\s--portal\b/.test(entry.command) ? 'portal' : (roleOf.get(entry.ppid) ?? 'launcher');
    roleOf.set(entry.pid, role);
    roles[role].push(entry.pid);
  }
  return roles;
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
