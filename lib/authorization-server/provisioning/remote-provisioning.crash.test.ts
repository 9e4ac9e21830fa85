// Issue 10 (faults): an API host killed (SIGKILL) mid-registration and mid-deletion while it provisions into the
// bank's own authorization server (the peer oidc-provider, in this process). After each kill a fresh process does
// what the API host does at start (backfill, then the outbox worker) and the server must hold exactly Onboard's
// active clients, each with its RFC 7592 credentials, and no task may be left. Over and over, on PGlite and on a
// private PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/apply-migrations';
import type { DatabaseTarget } from '@/lib/db/get-database-target';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/testing/start-private-postgres';
import type { RemoteCrashChildState } from '../testing/run-remote-provisioning-crash-child';
import { startRegistrationPeer, type RegistrationPeer } from '../testing/start-registration-peer';

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(ROOT, 'lib/authorization-server/testing/run-remote-provisioning-crash-child.ts');
const KILLS = 3;

const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

type ChildRun = { lines: string[]; linesAtLeast(prefix: string, count: number): Promise<void>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr(): string };

function runChild(env: Record<string, string>): ChildRun & { kill(): void } {
  // tsx as a loader, not its CLI: the CLI runs the script in a second process, which a SIGKILL would orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', CHILD], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters) waiter();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    lines,
    linesAtLeast: (prefix, count) =>
      Promise.race([
        new Promise<void>((resolve) => {
          const check = () => lines.filter((line) => line.startsWith(prefix)).length >= count && resolve();
          waiters.push(check);
          check();
        }),
        exited.then(({ code, signal }) => Promise.reject(new Error(`child exited early (${code ?? signal}): ${stderr}`))),
      ]),
    exited,
    kill: () => void child.kill('SIGKILL'),
    stderr: () => stderr,
  };
}

async function reconcile(env: Record<string, string>): Promise<RemoteCrashChildState> {
  const child = runChild({ ...env, MODE: 'reconcile' });
  const { code } = await child.exited;
  expect({ code, stderr: child.stderr() }).toEqual({ code: 0, stderr: '' });
  const line = child.lines.find((candidate) => candidate.startsWith('state '));
  if (line === undefined) throw new Error('the reconciling child reported no state');
  return JSON.parse(line.slice('state '.length)) as RemoteCrashChildState;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Database = { env: Record<string, string>; target: DatabaseTarget; dispose(): Promise<void> };

describe.each([
  [
    'PGlite',
    async (): Promise<Database> => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-remote-crash-'));
      return { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, target: { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
    },
  ],
  [
    'PostgreSQL',
    async (): Promise<Database> => {
      const [postgres, dataDir]: [PrivatePostgres, string] = await Promise.all([startPrivatePostgres(), mkdtemp(path.join(os.tmpdir(), 'onboard-remote-crash-'))]);
      return {
        env: { DATA_DIR: dataDir, DATABASE_URL: postgres.url },
        target: { kind: 'postgres', url: postgres.url },
        dispose: async () => {
          await postgres.dispose();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  ],
] as const)('an API host killed while it provisions into the bank authorization server, on %s', (_label, createDatabase) => {
  let database: Database;
  let peer: RegistrationPeer;

  beforeAll(async () => {
    [database, peer] = await Promise.all([createDatabase(), startRegistrationPeer()]);
    await applyMigrations({ target: database.target });
  });

  afterAll(async () => {
    await Promise.all([database?.dispose(), peer?.close()]);
  });

  it(`leaves Onboard and the server agreeing after each of ${KILLS} kills, once the next start has run`, { timeout: 180_000 }, async () => {
    const env = { ...database.env, PEER_ISSUER: peer.issuer };
    const confirmed = new Set<string>();
    const deleted = new Set<string>();
    const deleting = new Set<string>();
    for (let kill = 0; kill < KILLS; kill += 1) {
      const child = runChild({ ...env, MODE: 'work' });
      await child.linesAtLeast('registered ', 4 + Math.floor(Math.random() * 8));
      await sleep(Math.random() * 40);
      child.kill();
      expect(await child.exited).toMatchObject({ signal: 'SIGKILL' });
      for (const line of child.lines) {
        if (line.startsWith('registered ')) confirmed.add(line.slice('registered '.length));
        if (line.startsWith('deleting ')) deleting.add(line.slice('deleting '.length));
        if (line.startsWith('deleted ')) deleted.add(line.slice('deleted '.length));
      }

      const state = await reconcile(env);
      expect(state.pendingTasks).toBe(0);
      // Exactly Onboard's active clients at the server, each manageable (RFC 7592 credentials kept).
      expect(peer.heldClientIds().filter((clientId) => !state.servedClientIds.includes(clientId))).toEqual([]);
      expect(state.servedClientIds.filter((clientId) => !peer.heldClientIds().includes(clientId))).toEqual([]);
      expect(state.registeredClientIds).toEqual(state.servedClientIds);
      // Nothing confirmed was lost: a registration answered 201 is served unless a deletion of it began since.
      expect([...confirmed].filter((clientId) => !deleting.has(clientId) && !state.servedClientIds.includes(clientId))).toEqual([]);
      expect(state.servedClientIds.filter((clientId) => deleted.has(clientId))).toEqual([]);
    }
    console.info(`remote crash test: ${KILLS} kills, ${confirmed.size} registrations confirmed, ${deleted.size} deletions, ${peer.heldClientIds().length} clients held at the end`);
  });
});
