import { readFile } from 'node:fs/promises';

import { writeFileAtomically } from '../state/write-file-atomically';

type Payload = Record<string, unknown>;
type Entry = { payload: Payload; expiresAt: number | null };

// The models a grant's revocation reaches (as oidc-provider's own adapters do); an interaction or a session that
// names the grant stays.
const GRANT_MEMBERS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** oidc-provider's adapter interface, one instance per model name. */
export type FileOidcAdapter = {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
};

/**
 * The sandbox directory's oidc-provider state (sessions, interactions, grants, codes, tokens) in one JSON file under
 * its data folder, written atomically (0600) after each change: it survives a restart, where oidc-provider's
 * development-only memory adapter would not. One process owns the directory, so one in-memory copy is the truth;
 * expired entries read as absent and are dropped at the next write.
 */
export async function createFileOidcAdapter(file: string, now: () => number = Date.now): Promise<(name: string) => FileOidcAdapter> {
  const entries = await readEntries(file);
  let queue: Promise<void> = Promise.resolve();
  const isLive = (entry: Entry | undefined): entry is Entry => entry !== undefined && (entry.expiresAt === null || entry.expiresAt > now());
  const persist = (): Promise<void> => {
    for (const [key, entry] of entries) if (!isLive(entry)) entries.delete(key);
    const content = `${JSON.stringify(Object.fromEntries(entries))}\n`;
    queue = queue.catch(() => undefined).then(() => writeFileAtomically(file, content));
    return queue;
  };

  return function adapterFor(name: string): FileOidcAdapter {
    const keyOf = (id: string) => `${name}:${id}`;
    const findBy = (field: string, value: string): Payload | undefined => {
      for (const [key, entry] of entries) if (key.startsWith(`${name}:`) && isLive(entry) && entry.payload[field] === value) return entry.payload;
      return undefined;
    };
    return {
      async upsert(id, payload, expiresIn) {
        entries.set(keyOf(id), { payload, expiresAt: expiresIn ? now() + expiresIn * 1000 : null });
        await persist();
      },
      async find(id) {
        const entry = entries.get(keyOf(id));
        return isLive(entry) ? entry.payload : undefined;
      },
      findByUid: async (uid) => findBy('uid', uid),
      findByUserCode: async (userCode) => findBy('userCode', userCode),
      async consume(id) {
        const entry = entries.get(keyOf(id));
        if (!isLive(entry)) return;
        entry.payload.consumed = Math.floor(now() / 1000);
        await persist();
      },
      async destroy(id) {
        entries.delete(keyOf(id));
        await persist();
      },
      async revokeByGrantId(grantId) {
        for (const [key, entry] of entries) {
          if (GRANT_MEMBERS.has(key.slice(0, key.indexOf(':'))) && entry.payload.grantId === grantId) entries.delete(key);
        }
        await persist();
      },
    };
  };
}

async function readEntries(file: string): Promise<Map<string, Entry>> {
  try {
    return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, Entry>));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new Error(`${file}: the sandbox directory's sign-in state cannot be read (${(error as Error).message}); delete the file to start afresh`);
  }
}
