import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onboard-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Start-up must refuse bad configuration before it touches anything, naming the variable.
function start(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm start with bad configuration', () => {
  it.each([
    [
      'a malformed DATABASE_URL',
      { DATABASE_URL: 'postgres//no-scheme' },
      '[onboard] invalid configuration:\n  - DATABASE_URL: DATABASE_URL must be a postgres:// or postgresql:// URL with a host (unset it to use the embedded database)\n',
    ],
    [
      'another directory without a client secret',
      { DIRECTORY_ISSUER: 'https://directory.example' },
      '[onboard] invalid configuration:\n  - DIRECTORY_CLIENT_SECRET: required when DIRECTORY_ISSUER points at a directory other than the sandbox\n',
    ],
    [
      'several API workers on the embedded database',
      { API_WORKERS: '2' },
      '[onboard] invalid configuration:\n  - API_WORKERS: above 1 needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process\n',
    ],
    [
      'several portal workers on the embedded database',
      { PORTAL_WORKERS: '3' },
      '[onboard] invalid configuration:\n  - PORTAL_WORKERS: above 1 needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process\n',
    ],
  ])('stops on %s with a message naming the variable and no stack trace', (_label, env, message) => {
    expect(start(env)).toEqual({ status: 1, stderr: message });
  });

  it('stops on a DATA_DIR that group or others can read, naming the path and the fix', () => {
    const exposed = mkdtempSync(path.join(os.tmpdir(), 'onboard-start-exposed-'));
    try {
      const file = path.join(exposed, 'secrets.json');
      writeFileSync(file, '{}');
      chmodSync(file, 0o644);
      expect(start({ DATA_DIR: exposed })).toEqual({
        status: 1,
        stderr:
          `[onboard] invalid configuration:\n  - DATA_DIR: ${file} is accessible to group or others (mode 644)\n` +
          `  - DATA_DIR holds the database, keys and secrets and must be owner-only: run \`chmod -R go-rwx ${exposed}\` as its owner\n`,
      });
    } finally {
      rmSync(exposed, { recursive: true, force: true });
    }
  });

  it('stops on --separate-processes on the embedded database, naming the flag', () => {
    expect(start({}, ['--separate-processes'])).toEqual({
      status: 1,
      stderr: '[onboard] invalid configuration:\n  - --separate-processes: needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process\n',
    });
  });
});
