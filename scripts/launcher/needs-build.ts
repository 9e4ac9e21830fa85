import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['proxy.ts', 'next.config.js', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json', 'prisma/schema.prisma'];

/** True when there is no production build, or a source file changed since the last one. */
export async function needsBuild(root: string): Promise<boolean> {
  const builtAt = await modifiedAt(path.join(root, '.next', 'BUILD_ID'));
  if (builtAt === null) return true;
  for (const file of SOURCE_FILES) {
    if (((await modifiedAt(path.join(root, file))) ?? 0) > builtAt) return true;
  }
  for (const dir of SOURCE_DIRS) {
    if ((await newestIn(path.join(root, dir))) > builtAt) return true;
  }
  return false;
}

async function modifiedAt(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

async function newestIn(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await modifiedAt(path.join(entry.parentPath, entry.name))) ?? 0);
  }
  return newest;
}
