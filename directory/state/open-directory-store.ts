import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { createInitialState } from './create-initial-state';
import { directoryStateSchema, type DirectoryState } from './directory-state';
import { seedSandboxAccounts } from './seed-sandbox-accounts';
import { writeFileAtomically } from './write-file-atomically';

/** The directory's state in memory, and a way to persist it after a change. */
export type DirectoryStore = {
  readonly state: DirectoryState;
  /** Folder holding `state.json` and `ca-bundle.pem`. */
  readonly folder: string;
  /** Persists the current state; calls are serialised so that a later save never loses to an earlier one. */
  save(): Promise<void>;
  /** Resolves once every save asked for so far has been written. */
  settled(): Promise<void>;
};

/** Loads `<dataDir>/directory/state.json`, or creates it on first start, and seeds the sandbox accounts. */
export async function openDirectoryStore(dataDir: string, bankOrgId: string): Promise<DirectoryStore> {
  const folder = path.join(path.resolve(dataDir), 'directory');
  const file = path.join(folder, 'state.json');
  const existing = await readState(file);
  const state = existing ?? (await createInitialState());
  const isSeeded = seedSandboxAccounts(state, bankOrgId);

  let queue: Promise<void> = Promise.resolve();
  const store: DirectoryStore = {
    state,
    folder,
    save() {
      // Snapshot now, write in order: the file always ends with the latest snapshot.
      const content = `${JSON.stringify(state, null, 2)}\n`;
      queue = queue.catch(() => undefined).then(() => writeFileAtomically(file, content));
      return queue;
    },
    settled() {
      return queue.catch(() => undefined);
    },
  };
  if (!existing || isSeeded) {
    await store.save();
  }
  return store;
}

async function readState(file: string): Promise<DirectoryState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const result = directoryStateSchema.safeParse(json);
  if (!result.success) {
    // Never regenerate over a damaged file: that would silently replace the CA every client trusts.
    throw new Error(`${file} is not a valid sandbox directory state (delete it to start afresh): ${result.error.issues[0]?.message ?? 'invalid'}`);
  }
  return result.data;
}
