// Issue 6 (faults): the process killed mid-registration. A child process registers DCR clients with several
// registrations in flight and is SIGKILLed at a random moment, over and over; each next child opens the database
// afresh, as a restarted portal would (PGlite must recover its data directory), and reports what it finds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/apply-migrations';
import type { DatabaseTarget } from '@/lib/db/get-database-target';
import type { CrashChildState } from '@/lib/testing/run-registration-crash-child';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/testing/start-private-postgres';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'lib/testing/run-registration-crash-child.ts');
const KILLS = 4;
const FINAL_REGISTRATIONS = 5;

const running = new Set<ChildProcess>();

afterAll(() => {
  // A failed assertion leaves its child registering: stop it.
  for (const child of running) child.kill('SIGKILL');
});

type ChildRun = {
  state: Promise<CrashChildState>;
  registered: string[];
  /** Resolves once `count` registrations have committed. */
  registeredAtLeast(count: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
  stderr(): string;
};

function runChild(env: Record<string, string>): ChildRun {
  // tsx as a loader, not its CLI: the CLI runs the script in a second process, which a SIGKILL would orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', CHILD], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const registered: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let resolveState!: (state: CrashChildState) => void;
  const state = new Promise<CrashChildState>((resolve) => (resolveState = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('state ')) resolveState(JSON.parse(line.slice('state '.length)) as CrashChildState);
    if (line.startsWith('registered ')) registered.push(line.slice('registered '.length));
    for (const waiter of waiters.filter((candidate) => registered.length >= candidate.count)) waiter.resolve();
  });
  // 'close', not 'exit': every line the child wrote has been read by then.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const failOnExit = <T>(promise: Promise<T>) =>
    Promise.race([promise, exited.then(({ code, signal }) => Promise.reject(new Error(`child exited early (${code ?? signal}): ${stderr}`)))]);
  return {
    state: failOnExit(state),
    registered,
    registeredAtLeast: (count) => failOnExit(new Promise<void>((resolve) => waiters.push({ count, resolve }))),
    exited,
    kill: () => void child.kill('SIGKILL'),
    stderr: () => stderr,
  };
}

// Every client has exactly its registration event and every such event its client; the chain verifies;
// nothing that a child reported committed was lost; no organisation was left without its client.
function expectConsistent(state: CrashChildState, committed: string[]): void {
  const clientIds = new Set(state.clientIds);
  const eventClientIds = new Set(state.registeredEventClientIds);
  expect({
    clientsWithoutEvent: state.clientIds.filter((clientId) => !eventClientIds.has(clientId)),
    eventsWithoutClient: state.registeredEventClientIds.filter((clientId) => !clientIds.has(clientId)),
    events: state.registeredEventClientIds.length,
  }).toEqual({ clientsWithoutEvent: [], eventsWithoutClient: [], events: state.clientIds.length });
  expect(committed.filter((clientId) => !clientIds.has(clientId))).toEqual([]);
  expect(state.organisationsWithoutClients).toBe(0);
  expect(state.chain.status).toBe('intact');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Database = { env: Record<string, string>; target: DatabaseTarget; dispose(): Promise<void> };

describe.each([
  [
    'PGlite',
    async (): Promise<Database> => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-crash-'));
      return {
        env: { DATA_DIR: dataDir, DATABASE_URL: '' },
        target: { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
        dispose: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'PostgreSQL',
    async (): Promise<Database> => {
      const [postgres, dataDir]: [PrivatePostgres, string] = await Promise.all([startPrivatePostgres(), mkdtemp(path.join(os.tmpdir(), 'onboard-crash-'))]);
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
] as const)('a portal process killed mid-registration, on %s', (_label, createDatabase) => {
  let database: Database;

  beforeAll(async () => {
    database = await createDatabase();
    await applyMigrations({ target: database.target });
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it(`leaves a consistent database after each of ${KILLS} kills, and registrations work after the restart`, { timeout: 120_000 }, async () => {
    const committed: string[] = [];
    let unreported = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const child = runChild(database.env);
      const state = await child.state;
      expectConsistent(state, committed);
      // Registrations that committed but were killed before they could say so.
      unreported += state.clientIds.length - committed.length;
      // Kill at a random moment, with registrations in flight.
      await child.registeredAtLeast(3 + Math.floor(Math.random() * 15));
      await sleep(Math.random() * 30);
      child.kill();
      expect(await child.exited).toMatchObject({ signal: 'SIGKILL' });
      committed.splice(0, committed.length, ...state.clientIds, ...child.registered);
    }

    const last = runChild({ ...database.env, REGISTER_COUNT: String(FINAL_REGISTRATIONS) });
    const state = await last.state;
    expectConsistent(state, committed);
    unreported += state.clientIds.length - committed.length;
    const { code } = await last.exited;
    expect({ code, stderr: last.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(last.registered).toHaveLength(FINAL_REGISTRATIONS);
    console.info(`crash test: ${KILLS} kills, ${state.clientIds.length} clients before the last start (${unreported} committed but unreported when killed)`);
  });
});
