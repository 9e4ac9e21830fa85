// The whole test suite, as CI and a newcomer run it: types, unit tests, a production build, browser tests.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E } from '../e2e/support/e2e-environment';
import { needsBuild } from './launcher/needs-build';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

type Step = { name: string; command: string; args: string[]; env?: Record<string, string>; when?: () => Promise<boolean> };

const steps: Step[] = [
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit'] },
  { name: 'unit tests', command: bin('vitest'), args: ['run'] },
  { name: 'production build', command: bin('next'), args: ['build'], when: () => needsBuild(ROOT) },
  // Both e2e portals would otherwise race to migrate a shared PostgreSQL database.
  { name: 'migrate the e2e database', command: bin('tsx'), args: ['scripts/db-migrate.ts'], env: E2E.serverEnv },
  { name: 'browser tests', command: bin('playwright'), args: ['test'] },
];

async function main(): Promise<void> {
  const target = process.env.DATABASE_URL ? `PostgreSQL (${new URL(process.env.DATABASE_URL).host})` : 'embedded PGlite';
  console.log(`[test] database: ${target}`);
  // Each run starts the e2e products from empty data directories (sandbox state, PGlite, sessions).
  for (const dir of ['.data/e2e', '.data/e2e-unreachable-directory', '.data/e2e-auth']) {
    await rm(path.join(ROOT, dir), { recursive: true, force: true });
  }
  const timings: string[] = [];
  for (const step of steps) {
    if (step.when && !(await step.when())) {
      timings.push(`${step.name}: up to date, not rebuilt`);
      continue;
    }
    const started = performance.now();
    console.log(`\n[test] ${step.name}`);
    const code = await run(step);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    timings.push(`${step.name}: ${seconds} s`);
    if (code !== 0) {
      console.error(`\n[test] ${step.name} failed (exit ${code})`);
      process.exit(code || 1);
    }
  }
  console.log(`\n[test] all steps passed\n${timings.map((line) => `  ${line}`).join('\n')}`);
}

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...step.env },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().catch((error: unknown) => {
  console.error('[test] failed:', error);
  process.exit(1);
});
