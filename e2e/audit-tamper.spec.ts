import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { e2ePort } from './support/e2e-environment';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { OwnerOnlyNodeFS } from '../lib/db/owner-only-node-fs';

// Tamper evidence needs someone to tamper: this spec runs its own product, edits an audit row in the
// database while the product is stopped (PGlite allows one process per data directory), starts it
// again and asks the admin console to verify the chain.

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

test('the audit verification finds an edited row', async ({ browser }) => {
  test.setTimeout(180_000);
  await rm(DATA_DIR, { recursive: true, force: true });
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE; CREATE SCHEMA "${SCHEMA}"`);
    await client.end();
  }
  let product = await startProduct();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${PORTAL_URL}/admin/signin`);
    await page.getByRole('button', { name: "Sign in with the bank's identity provider" }).click();
    await page.getByLabel('Email').fill(SANDBOX_ACCOUNTS.bankAdmin.email);
    await page.getByLabel('Password').fill(SANDBOX_ACCOUNTS.bankAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${PORTAL_URL}/admin`);
    await page.goto(`${PORTAL_URL}/admin/audit`);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('audit-verification')).toContainText('Chain intact');

    await stopProduct(product);
    const [first] = await runSql(`SELECT id::text AS id FROM "AuditEvent" ORDER BY id LIMIT 1`);
    const tamperedId = String(first?.id);
    await runSql(`UPDATE "AuditEvent" SET "details" = '{"refusal": "none"}' WHERE id = ${Number(tamperedId)}`);
    product = await startProduct();

    await page.goto(`${PORTAL_URL}/admin/audit`);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('audit-verification')).toContainText(`Broken at event #${tamperedId} (admin.signed_in, `);
    await expect(page.getByTestId('audit-verification')).toContainText('content changed');
  } finally {
    await context.close();
    await stopProduct(product);
  }
});
