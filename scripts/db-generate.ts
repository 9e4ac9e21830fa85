// Generates the Prisma client (lib/generated/prisma) without network access. Runs as `postinstall`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

function main(): number {
  const require = createRequire(import.meta.url);
  let prismaCli: string;
  try {
    prismaCli = require.resolve('prisma/build/index.js');
  } catch {
    // `npm ci --omit=dev` has no Prisma CLI (a dev dependency); failing would abort the install.
    if (process.env.npm_lifecycle_event === 'postinstall') {
      console.warn('db:generate: prisma CLI not installed; skipped generating the Prisma client');
      return 0;
    }
    console.error('db:generate: prisma CLI not installed (run npm ci without --omit=dev)');
    return 1;
  }

  // `prisma generate` never runs the schema engine, but the CLI insists on locating (and otherwise
  // downloading) its native binary first; any executable file satisfies that check offline.
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'onboard-prisma-'));
  try {
    const placeholder = writePlaceholderEngine(tempDir);
    const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    });
    if (result.status === 0) return 0;
    // Quiet on success; on failure show everything the CLI said.
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    if (result.error) console.error(result.error.message);
    console.error('db:generate: prisma generate failed');
    return 1;
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

function writePlaceholderEngine(dir: string): string {
  if (process.platform === 'win32') {
    const file = path.join(dir, 'schema-engine.cmd');
    writeFileSync(file, '@echo unavailable offline 1>&2\r\n@exit /b 1\r\n');
    return file;
  }
  const file = path.join(dir, 'schema-engine');
  writeFileSync(file, '#!/bin/sh\necho "unavailable offline" >&2\nexit 1\n');
  chmodSync(file, 0o755);
  return file;
}

process.exitCode = main();
