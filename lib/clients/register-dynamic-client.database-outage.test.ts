// Issue 6 (faults): PostgreSQL stopped under load. POST /register (lib/api-host/endpoints/register-client.ts), called as
// Next.js calls it, while a private PostgreSQL server is stopped (`pg_ctl stop -m immediate`, as a crash would)
// and started again. Always PostgreSQL, whichever database the rest of the suite runs against.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerClient } from '@/lib/api-host/endpoints/register-client';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { closeDb, getDb } from '@/lib/db';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/testing/start-private-postgres';
import { startRegistrationRouteFixture, type RegistrationRouteFixture } from '@/lib/testing/start-registration-route-fixture';

const SERVER_ERROR = { error: 'server_error', error_description: 'the server could not complete the request' };
const WORKERS = 16;
// Every answer, even one that waited for a connection to a dead server, comes within this.
const ANSWER_BOUND_MS = 10_000;

type Answer = { status: number; body: Record<string, unknown>; cacheControl: string | null; startedAt: number; ms: number };

let postgres: PrivatePostgres;
let fixture: RegistrationRouteFixture;
let dataDir: string;

beforeAll(async () => {
  [postgres, fixture, dataDir] = await Promise.all([startPrivatePostgres(), startRegistrationRouteFixture(), mkdtemp(path.join(os.tmpdir(), 'onboard-outage-'))]);
  for (const [name, value] of Object.entries({ ...fixture.env, DATABASE_URL: postgres.url, DATA_DIR: dataDir })) vi.stubEnv(name, value);
  await applyMigrations();
});

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
  await Promise.all([postgres?.dispose(), fixture?.close(), dataDir && rm(dataDir, { recursive: true, force: true })]);
});

async function register(): Promise<Answer> {
  const request = await fixture.registrationRequest();
  const startedAt = Date.now();
  const response = await callThroughTerminator(registerClient, request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, cacheControl: response.headers.get('cache-control'), startedAt, ms: Date.now() - startedAt };
}

// WORKERS closed-loop clients registering until `until` resolves.
async function load(until: Promise<unknown>): Promise<Answer[]> {
  const answers: Answer[] = [];
  let isDone = false;
  void until.then(() => (isDone = true));
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (!isDone) answers.push(await register());
    }),
  );
  return answers;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /register while PostgreSQL stops and comes back', () => {
  it('answers 201 or a bare server_error, never half-creates a client, and recovers without a restart', { timeout: 90_000 }, async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await register()).status).toBe(201);

    const timeline: Record<string, number> = {};
    const answers = await load(
      (async () => {
        await sleep(1_500);
        timeline.stopping = Date.now();
        await postgres.stop();
        timeline.stopped = Date.now();
        await sleep(3_000);
        timeline.starting = Date.now();
        await postgres.start();
        timeline.started = Date.now();
        await sleep(2_500);
      })(),
    );
    logged.mockRestore();

    // Every answer is a registration or the one bare server_error: no detail, nothing cached, never a hang.
    for (const answer of answers) {
      if (answer.status === 201) continue;
      expect({ status: answer.status, body: answer.body, cacheControl: answer.cacheControl }).toEqual({ status: 500, body: SERVER_ERROR, cacheControl: 'no-store' });
    }
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(ANSWER_BOUND_MS);
    // The outage was real (requests failed while the server was down), and the load went on through it.
    const during = answers.filter((answer) => answer.startedAt >= timeline.stopped! && answer.startedAt + answer.ms <= timeline.starting!);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((answer) => answer.status === 500)).toBe(true);
    expect(answers.filter((answer) => answer.startedAt < timeline.stopping! && answer.status === 201).length).toBeGreaterThan(0);
    // Back in the same process: registrations succeed again once the server is up.
    const after = answers.filter((answer) => answer.startedAt >= timeline.started! + 1_000);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((answer) => answer.status !== 201)).toEqual([]);
    expect((await register()).status).toBe(201);

    // Nothing half-created: each client has exactly its registration event and each event its client.
    const clients = await getDb().client.findMany({ select: { clientId: true } });
    const events = await getDb().auditEvent.findMany({ where: { action: 'client.registered' }, select: { clientId: true } });
    expect(events.map((event) => event.clientId).sort()).toEqual(clients.map((client) => client.clientId).sort());
    // Every 201 is a stored client (a 500 may still be one: the server can commit and die before answering).
    const stored = new Set(clients.map((client) => client.clientId));
    const created = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.client_id as string);
    expect(created.filter((clientId) => !stored.has(clientId))).toEqual([]);
    expect(await verifyAuditChain()).toMatchObject({ status: 'intact' });
    console.info(
      `outage under load: ${answers.length} answers (${created.length} × 201, ${answers.length - created.length} × 500, ${during.length} while down), ` +
        `slowest ${Math.max(...answers.map((answer) => answer.ms))} ms, ${clients.length} clients stored`,
    );
  });
});
