import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_KEY_FILE, KeyEncryptionKeyError, loadKeyEncryptionKey } from './load-key-encryption-key';

const freshDir = () => mkdtemp(path.join(tmpdir(), 'onboard-kek-'));
const keyText = () => randomBytes(32).toString('base64url');

describe('loadKeyEncryptionKey', () => {
  it('generates one owner-only key under DATA_DIR and reads the same key afterwards', async () => {
    const dataDir = path.join(await freshDir(), 'data');
    const [first, second] = await Promise.all([
      loadKeyEncryptionKey({ dataDir, keyEncryptionKey: undefined }),
      loadKeyEncryptionKey({ dataDir, keyEncryptionKey: undefined }),
    ]);
    const file = path.join(dataDir, GENERATED_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(first.source).toBe('generated');
    expect(first.key).toHaveLength(32);
    expect(second).toBe(first);
    // A new process (another cache key) reads the file rather than generating a second key.
    const again = await loadKeyEncryptionKey({ dataDir: `${dataDir}/.`, keyEncryptionKey: undefined });
    expect(Buffer.from(again.key).equals(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url'))).toBe(true);
    expect(again.kid).toBe(first.kid);
  });

  it('takes the key from KEY_ENCRYPTION_KEY, or from the owner-only file it names', async () => {
    const dir = await freshDir();
    const text = keyText();
    const fromValue = await loadKeyEncryptionKey({ dataDir: dir, keyEncryptionKey: text });
    expect(fromValue.source).toBe('environment');
    expect(Buffer.from(fromValue.key).toString('base64url')).toBe(text);
    const file = path.join(dir, 'kek');
    await writeFile(file, `${text}\n`, { mode: 0o600 });
    const fromFile = await loadKeyEncryptionKey({ dataDir: dir, keyEncryptionKey: file });
    expect(fromFile.source).toBe('file');
    expect(fromFile.kid).toBe(fromValue.kid);
  });

  it.each([
    ['a file others can read', 0o644, keyText(), /is accessible to group or others \(mode 644\); make it 0600/],
    ['a file that holds no key', 0o600, 'not a key', /must hold a base64url key of 32 bytes/],
  ])('refuses %s, naming the path', async (_name, mode, content, message) => {
    const file = path.join(await freshDir(), 'kek');
    await writeFile(file, content, { mode });
    const loading = loadKeyEncryptionKey({ dataDir: path.dirname(file), keyEncryptionKey: file });
    await expect(loading).rejects.toThrow(KeyEncryptionKeyError);
    await expect(loading).rejects.toThrow(message);
    await expect(loading).rejects.toThrow(file);
  });

  it('refuses a KEY_ENCRYPTION_KEY that is neither a key nor an existing file', async () => {
    const dir = await freshDir();
    await expect(loadKeyEncryptionKey({ dataDir: dir, keyEncryptionKey: path.join(dir, 'missing') })).rejects.toThrow(
      /KEY_ENCRYPTION_KEY: .*missing does not exist/,
    );
  });
});
