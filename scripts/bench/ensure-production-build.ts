import { spawn } from 'node:child_process';
import path from 'node:path';

import { needsBuild } from '../launcher/needs-build';

/** Runs `next build` when there is no production build or a source changed since it; resolves when one is current. */
export async function ensureProductionBuild(root: string): Promise<'current' | 'built'> {
  if (!(await needsBuild(root))) return 'current';
  console.log('[bench] the production build is missing or stale: next build…');
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code})`))));
  });
  return 'built';
}
