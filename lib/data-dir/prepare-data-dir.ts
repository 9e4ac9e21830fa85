// No `server-only`: the launcher, `npm run db:migrate` and the sandbox directory run this under tsx in plain Node.
import { lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { EnvError } from '@/lib/env';

// Owner-only leaves out every group and other permission bit.
const GROUP_AND_OTHERS = 0o077;
// Enough to show the operator what is wrong; the fix covers the rest.
const SHOWN_ENTRIES = 3;

/**
 * Readies DATA_DIR for a process that writes under it: the umask becomes 077 (what a library writes there without
 * a mode is owner-only too), DATA_DIR is created 0700 if absent, and the whole tree is walked: any file or folder
 * that its group or others may access is refused with an `EnvError` naming the path and the fix, because it holds
 * the embedded database, the key-encryption key and the secrets. Symbolic links are not followed.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  process.umask(GROUP_AND_OTHERS);
  const root = path.resolve(/*turbopackIgnore: true*/ dataDir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const found = await findAccessibleEntries(root);
  if (found.length === 0) return;
  const shown = found.slice(0, SHOWN_ENTRIES).map(({ entry, mode }) => `DATA_DIR: ${entry} is accessible to group or others (mode ${mode.toString(8)})`);
  const more = found.length > SHOWN_ENTRIES ? ` (and ${found.length - SHOWN_ENTRIES} more)` : '';
  throw new EnvError([
    ...shown,
    `DATA_DIR holds the database, keys and secrets and must be owner-only${more}: run \`chmod -R go-rwx ${root}\` as its owner`,
  ]);
}

async function findAccessibleEntries(root: string): Promise<Array<{ entry: string; mode: number }>> {
  const found: Array<{ entry: string; mode: number }> = [];
  // Breadth-first, each folder's entries in parallel: about 1,000 entries for a fresh embedded database.
  let folders = [root];
  const rootMode = (await lstat(root)).mode & 0o777;
  if (rootMode & GROUP_AND_OTHERS) found.push({ entry: root, mode: rootMode });
  while (folders.length > 0) {
    const next: string[] = [];
    await Promise.all(
      folders.map(async (folder) => {
        const entries = await readdir(folder, { withFileTypes: true });
        await Promise.all(
          entries.map(async (dirent) => {
            if (dirent.isSymbolicLink()) return;
            const entry = path.join(folder, dirent.name);
            const mode = await readMode(entry);
            if (mode === null) return;
            if (mode & GROUP_AND_OTHERS) found.push({ entry, mode });
            if (dirent.isDirectory()) next.push(entry);
          }),
        );
      }),
    );
    folders = next;
  }
  return found.sort((a, b) => a.entry.localeCompare(b.entry));
}

async function readMode(entry: string): Promise<number | null> {
  try {
    return (await lstat(entry)).mode & 0o777;
  } catch (error) {
    // Gone since the folder was listed (a temporary file renamed into place): nothing left to check.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
