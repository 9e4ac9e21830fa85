import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AUDIT_GENESIS_HASH, computeAuditHash, type AuditHashContent } from '../lib/audit/compute-audit-hash';
import { e2ePort } from './support/e2e-environment';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { OwnerOnlyNodeFS } from '../lib/db/owner-only-node-fs';

// Tamper evidence needs someone to tamper: this spec runs its own product, edits audit rows in the
// database while the product is stopped (PGlite allows one process per data directory), starts it
// again and asks the admin console to verify the chain and its anchors (kept outside the database).

const PORTAL_URL = `http://localhost:${e2ePort(3102)}`;
const DATA_DIR = '.data/e2e-audit-tamper';
const SCHEMA = 'e2e_audit_tamper';
const postgresUrl = process.env.DATABASE_URL || null;

const productEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  PORTAL_URL,
  SANDBOX_DIRECTORY_URL: `http://localhost:${e2ePort(4102)}`,
  MTLS_URL: `https://localhost:${e2ePort(8545)}`,
  API_ADDRESS: `127.0.0.1:${e2ePort(8547)}`,
  DATA_DIR,
  DATABASE_URL: postgresUrl ? withSchema(postgresUrl) : '',
};

function withSchema(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', SCHEMA);
  return parsed.toString();
}

async function startProduct(): Promise<ChildProcess> {
  const product = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', '--no-build'], { env: productEnv, stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${PORTAL_URL}/api/auth/providers`)).ok) return product;
    } catch {
      // not listening yet
    }
    if (product.exitCode !== null || Date.now() > deadline) throw new Error('the tamper-test product did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopProduct(product: ChildProcess): Promise<void> {
  if (product.exitCode !== null) return;
  const exited = new Promise((resolve) => product.once('exit', resolve));
  product.kill('SIGTERM');
  await exited;
}

async function runSql(sql: string): Promise<Array<Record<string, unknown>>> {
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${SCHEMA}"`);
      return (await client.query(sql)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  }
  // Owner-only, as the product opens it: a file PGlite creates here must not make the restart refuse DATA_DIR.
  const database = new PGlite({ fs: new OwnerOnlyNodeFS(path.join(DATA_DIR, 'pglite')) });
  try {
    return (await database.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await database.close();
  }
}

async function resetProduct(): Promise<void> {
  await rm(DATA_DIR, { recursive: true, force: true });
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE; CREATE SCHEMA "${SCHEMA}"`);
    await client.end();
  }
}

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto(`${PORTAL_URL}/admin/signin`);
  await page.getByRole('button', { name: "Sign in with the bank's identity provider" }).click();
  await page.getByLabel('Email').fill(SANDBOX_ACCOUNTS.bankAdmin.email);
  await page.getByLabel('Password').fill(SANDBOX_ACCOUNTS.bankAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${PORTAL_URL}/admin`);
}

async function verifyChain(page: Page): Promise<Locator> {
  await page.goto(`${PORTAL_URL}/admin/audit`);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  const outcome = page.getByTestId('audit-verification');
  await expect(outcome).not.toBeEmpty();
  return outcome;
}

type StoredEvent = Omit<AuditHashContent, 'at'> & { id: string; at: string };

// What someone with write access to the database does to hide events: delete them, recompute every later link
// with the product's own hash function, and move the chain head, so that the chain verifies on its own again.
async function deleteAndRelink(where: string): Promise<void> {
  await runSql(`DELETE FROM "AuditEvent" WHERE ${where}`);
  const events = await runSql(
    // `at` is stored as UTC wall time (TIMESTAMP(3)); read as text, it cannot be shifted by a client's time zone.
    `SELECT id::text AS id, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, "actorType", "actorId", action, "clientId", "organisationId", details, "requestId"
     FROM "AuditEvent" ORDER BY id`,
  );
  let prevHash = AUDIT_GENESIS_HASH;
  const updates: string[] = [];
  for (const event of events as StoredEvent[]) {
    const hash = computeAuditHash(prevHash, { ...event, at: new Date(event.at) });
    updates.push(`UPDATE "AuditEvent" SET "prevHash" = '${prevHash}', hash = '${hash}' WHERE id = ${Number(event.id)}`);
    prevHash = hash;
  }
  const lastId = events.at(-1)?.id;
  updates.push(`UPDATE "AuditChain" SET "lastHash" = '${prevHash}', "lastEventId" = ${lastId === undefined ? 'NULL' : Number(lastId)} WHERE id = 1`);
  for (const sql of updates) await runSql(sql);
}

test('the audit verification finds an edited row', async ({ browser }) => {
  test.setTimeout(180_000);
  await resetProduct();
  let product = await startProduct();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInAsAdmin(page);
    await expect(await verifyChain(page)).toContainText('Chain intact');

    await stopProduct(product);
    const [first] = await runSql(`SELECT id::text AS id FROM "AuditEvent" ORDER BY id LIMIT 1`);
    const tamperedId = String(first?.id);
    await runSql(`UPDATE "AuditEvent" SET "details" = '{"refusal": "none"}' WHERE id = ${Number(tamperedId)}`);
    product = await startProduct();

    const outcome = await verifyChain(page);
    await expect(outcome).toContainText(`Broken at event #${tamperedId} (admin.signed_in, `);
    await expect(outcome).toContainText('content changed');
  } finally {
    await context.close();
    await stopProduct(product);
  }
});

test('the audit verification finds admin decisions deleted and the chain re-linked behind its anchors', async ({ browser }) => {
  test.setTimeout(240_000);
  await resetProduct();
  let product = await startProduct();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInAsAdmin(page);
    // Two admin decisions, each anchored outside the database once it commits.
    for (const maxAge of ['600', '900']) {
      await page.goto(`${PORTAL_URL}/admin/policy`);
      await page.getByLabel('Maximum SSA age').fill(maxAge);
      await page.getByRole('button', { name: 'Save policy' }).click();
      await expect(page.getByText('Policy saved.')).toBeVisible();
    }
    await expect(await verifyChain(page)).toContainText('Chain intact');

    await stopProduct(product);
    const decisions = await runSql(`SELECT id::text AS id, hash FROM "AuditEvent" WHERE action = 'policy.updated' ORDER BY id`);
    expect(decisions).toHaveLength(2);
    await deleteAndRelink(`action = 'policy.updated'`);
    product = await startProduct();

    const outcome = await verifyChain(page);
    const [first] = decisions as Array<{ id: string; hash: string }>;
    // The chain alone verifies; the anchor of the first decision names an event the database no longer holds.
    await expect(outcome).toContainText(/^History before \S+ was rewritten: the anchor of \S+ names event #(\d+)/);
    await expect(outcome).toContainText(`names event #${first!.id} with hash ${first!.hash.slice(0, 16)}…, the database holds no event #${first!.id}`);
  } finally {
    await context.close();
    await stopProduct(product);
  }
});
