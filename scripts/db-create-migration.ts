// `npm run db:migration -- <name>`: writes the next migration from the difference between
// prisma/migrations and prisma/schema.prisma (computed in an in-memory PGlite, offline).
import path from 'node:path';
import { createMigration } from '@/lib/db/create-migration';

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || process.argv.length > 3) {
    console.error('usage: npm run db:migration -- <name>   (e.g. add_client_logo)');
    return 1;
  }
  const created = await createMigration(name);
  if (!created) {
    console.log('db:migration: no changes: prisma/migrations already matches prisma/schema.prisma');
    return 0;
  }
  console.log(`db:migration: wrote ${path.relative(process.cwd(), path.join(created.path, 'migration.sql'))}`);
  console.log('review it, then run `npm run db:migrate` to apply it');
  return 0;
}

function report(error: unknown): number {
  console.error(`db:migration failed: ${describeError(error)}`);
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
