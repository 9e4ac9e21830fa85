// `npm run db:migrate`: applies prisma/migrations to the configured database, offline.
import { prepareDataDir } from '@/lib/data-dir/prepare-data-dir';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { getDatabaseTarget, type DatabaseTarget } from '@/lib/db/get-database-target';
import { EnvError, getEnv } from '@/lib/env';

async function main(): Promise<number> {
  const target = getDatabaseTarget(getEnv());
  // The embedded database lives under DATA_DIR, which must be owner-only (as `npm start` checks).
  if (target.kind === 'pglite') await prepareDataDir(getEnv().dataDir);
  const started = performance.now();
  const applied = await applyMigrations({ target });
  const elapsed = `${Math.round(performance.now() - started)} ms`;
  if (applied.length === 0) {
    console.log(`db:migrate: ${describeTarget(target)} is up to date, no migrations applied (${elapsed})`);
    return 0;
  }
  console.log(`db:migrate: applied ${applied.length} migration(s) to ${describeTarget(target)} (${elapsed})`);
  for (const name of applied) console.log(`  ${name}`);
  return 0;
}

// Never prints credentials: only host, port, database and schema.
function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite at ${target.dataDir ?? 'memory'}`;
  const url = new URL(target.url);
  const schema = url.searchParams.get('schema');
  return `PostgreSQL at ${url.host}${url.pathname}${schema ? ` (schema ${schema})` : ''}`;
}

function report(error: unknown): number {
  // A configuration mistake is the user's to fix: name the variable, no stack trace.
  if (error instanceof EnvError) console.error(error.message);
  else console.error(`db:migrate failed: ${describeError(error)}`);
  return 1;
}

// The engine's errors carry their own explanation (and a Rust span trace); a JS stack through
// wasm frames adds nothing, so it is shown only on request.
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return process.env.DEBUG ? (error.stack ?? error.message) : error.message;
}

// Exit explicitly: the wasm schema engine leaves a 10 s timer behind after each command.
main().then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(report(error)),
);
