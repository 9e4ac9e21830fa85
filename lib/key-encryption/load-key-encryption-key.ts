import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '@/lib/env';

/** The key-encryption key (KEK): 32 bytes from outside the database, and an id naming it without revealing it. */
export type KeyEncryptionKey = { key: Uint8Array; kid: string; source: 'environment' | 'file' | 'generated' };

/** Where the embedded default keeps the generated KEK. */
export const GENERATED_KEY_FILE = 'key-encryption-key';

const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

/** Thrown when KEY_ENCRYPTION_KEY (or its file) is not a usable key; the message names the variable or the path. */
export class KeyEncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyEncryptionKeyError';
  }
}

type Cache = { setting: string; dataDir: string; key: Promise<KeyEncryptionKey> };
// On globalThis, as lib/db.ts does: Next.js may load this module more than once per process.
const globalForKek = globalThis as typeof globalThis & { onboardKeyEncryptionKey?: Cache };

/**
 * The KEK, read once per process: `KEY_ENCRYPTION_KEY` is the key itself (base64url of 32 random bytes) or the
 * path of an owner-only file holding it; unset, it is generated once (0600) as `<DATA_DIR>/key-encryption-key`,
 * so that every process of one embedded deployment reads the same key. It is never written to the database.
 */
export function loadKeyEncryptionKey(env: Pick<Env, 'keyEncryptionKey' | 'dataDir'>): Promise<KeyEncryptionKey> {
  const setting = env.keyEncryptionKey ?? '';
  const cached = globalForKek.onboardKeyEncryptionKey;
  if (cached && cached.setting === setting && cached.dataDir === env.dataDir) return cached.key;
  const entry: Cache = { setting, dataDir: env.dataDir, key: readKeyEncryptionKey(env) };
  globalForKek.onboardKeyEncryptionKey = entry;
  entry.key.catch(() => {
    if (globalForKek.onboardKeyEncryptionKey === entry) globalForKek.onboardKeyEncryptionKey = undefined;
  });
  return entry.key;
}

async function readKeyEncryptionKey(env: Pick<Env, 'keyEncryptionKey' | 'dataDir'>): Promise<KeyEncryptionKey> {
  const setting = env.keyEncryptionKey;
  if (setting && KEY_TEXT.test(setting)) return toKey(Buffer.from(setting, 'base64url'), 'environment');
  if (setting) return toKey(await readKeyFile(path.resolve(/*turbopackIgnore: true*/ setting), 'KEY_ENCRYPTION_KEY'), 'file');
  const file = path.join(env.dataDir, GENERATED_KEY_FILE);
  await mkdir(env.dataDir, { recursive: true, mode: 0o700 });
  try {
    // Exclusive create: of two processes starting at once, one writes and both read the same key.
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return toKey(await readKeyFile(file, 'the generated key file'), 'generated');
}

async function readKeyFile(file: string, what: string): Promise<Buffer> {
  let text: string;
  try {
    // An owner-only file: a key that others can read protects nothing.
    const { mode } = await stat(file);
    if (mode & 0o077) throw new KeyEncryptionKeyError(`${what}: ${file} is accessible to group or others (mode ${(mode & 0o777).toString(8)}); make it 0600`);
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if (error instanceof KeyEncryptionKeyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyEncryptionKeyError(
      code === 'ENOENT'
        ? `${what}: ${file} does not exist (KEY_ENCRYPTION_KEY is a base64url key of 32 bytes or the path of a file holding one)`
        : `${what}: ${file} cannot be read (${code ?? 'error'})`,
    );
  }
  if (!KEY_TEXT.test(text)) throw new KeyEncryptionKeyError(`${what}: ${file} must hold a base64url key of 32 bytes (43 characters)`);
  return Buffer.from(text, 'base64url');
}

function toKey(key: Buffer, source: KeyEncryptionKey['source']): KeyEncryptionKey {
  // The id is a digest of the key: it tells which KEK sealed a value, and reveals nothing about it.
  const kid = createHash('sha256').update('onboard-kek-id').update(key).digest('base64url').slice(0, 16);
  return { key: new Uint8Array(key), kid, source };
}
