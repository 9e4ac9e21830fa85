// Issue 15: the write-ahead log held the bank's token-signing private key in clear. Keys are sealed under
// KEY_ENCRYPTION_KEY; a deployment's cleartext rows from before are sealed by start-up; a wrong key is named.
import { randomBytes } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { createLocalKeySealer } from '@/lib/key-encryption/create-local-key-sealer';
import { KeyEncryptionKeyError, loadKeyEncryptionKey } from '@/lib/key-encryption/load-key-encryption-key';
import { useTokenTestFixture } from '@/lib/testing/use-token-test-fixture';
import { generateSigningKey } from './generate-signing-key';
import { loadSigningKeys } from './load-signing-keys';
import { sealLegacySigningKeys } from './seal-legacy-signing-keys';
import { sealSigningKey } from './seal-signing-key';

const KEK_TEXT = randomBytes(32).toString('base64url');
useTokenTestFixture(() => undefined, { KEY_ENCRYPTION_KEY: KEK_TEXT });

const kidOf = async (text: string) => (await loadKeyEncryptionKey({ dataDir: '/nonexistent', keyEncryptionKey: text })).kid;
const rawRows = () => getDb().$queryRawUnsafe<Array<{ row: string }>>('SELECT row_to_json(k)::text AS row FROM "SigningKey" k');

beforeEach(async () => {
  await getDb().signingKey.deleteMany();
});

describe('sealed signing keys', () => {
  it('seals a row stored in clear by an earlier version, refusing to use it until then, and signs with it afterwards', async () => {
    const key = await generateSigningKey();
    // The row as the version before wrote it: the PEM in "privateKeyPem", nothing sealed.
    await getDb().$executeRaw`INSERT INTO "SigningKey" (id, kid, alg, "publicJwk", "privateKeyPem") VALUES (${'legacy-row'}, ${key.kid}, ${key.alg}, ${JSON.stringify(key.publicJwk)}::jsonb, ${key.privateKeyPem})`;
    await expect(loadSigningKeys({ maxAgeMs: 0 })).rejects.toThrow(
      new KeyEncryptionKeyError(`signing key ${key.kid} is stored in clear: npm start seals it under KEY_ENCRYPTION_KEY before the keys are used`),
    );

    expect(await sealLegacySigningKeys()).toBe(1);
    const [stored] = await getDb().$queryRawUnsafe<Array<{ privateKeyPem: string | null; privateKeyJwe: string }>>(
      'SELECT "privateKeyPem", "privateKeyJwe" FROM "SigningKey"',
    );
    expect(stored?.privateKeyPem).toBeNull();
    expect(stored?.privateKeyJwe.split('.')).toHaveLength(5);
    for (const { row } of await rawRows()) expect(row).not.toContain('PRIVATE KEY');
    // Once sealed, there is nothing left to do.
    expect(await sealLegacySigningKeys()).toBe(0);

    const { active } = await loadSigningKeys({ maxAgeMs: 0 });
    expect(active.kid).toBe(key.kid);
    const jwt = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'PS256', kid: key.kid }).sign(active.privateKey);
    await expect(jwtVerify(jwt, await importJWK(key.publicJwk, 'PS256'))).resolves.toMatchObject({ payload: { sub: 'x' } });
  });

  it('seals new keys as a JWE (dir, A256GCM) naming the key-encryption key', async () => {
    await loadSigningKeys({ maxAgeMs: 0 });
    const [row] = await getDb().signingKey.findMany();
    const header = JSON.parse(Buffer.from(row?.privateKeyJwe?.split('.')[0] ?? '', 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'dir', enc: 'A256GCM', kid: await kidOf(KEK_TEXT) });
    expect(row?.legacyPrivateKeyPem).toBeNull();
  });

  it('refuses keys sealed under another key-encryption key, naming both ids and KEY_ENCRYPTION_KEY', async () => {
    const otherText = randomBytes(32).toString('base64url');
    const other = createLocalKeySealer(await loadKeyEncryptionKey({ dataDir: '/nonexistent', keyEncryptionKey: otherText }));
    await getDb().signingKey.create({ data: await sealSigningKey(await generateSigningKey(), other) });
    await expect(loadSigningKeys({ maxAgeMs: 0 })).rejects.toThrow(
      new KeyEncryptionKeyError(
        `the signing keys were sealed with key ${other.kid}; KEY_ENCRYPTION_KEY holds ${await kidOf(KEK_TEXT)}: set KEY_ENCRYPTION_KEY to the key that sealed them`,
      ),
    );
  });

  it('refuses a sealed key that was altered', async () => {
    await loadSigningKeys({ maxAgeMs: 0 });
    const [row] = await getDb().signingKey.findMany();
    const parts = row?.privateKeyJwe?.split('.') ?? [];
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[3] = ciphertext.toString('base64url');
    await getDb().signingKey.update({ where: { kid: row?.kid }, data: { privateKeyJwe: parts.join('.') } });
    await expect(loadSigningKeys({ maxAgeMs: 0 })).rejects.toThrow(
      new KeyEncryptionKeyError(`signing key ${row?.kid} does not open with key ${await kidOf(KEK_TEXT)} (KEY_ENCRYPTION_KEY): the sealed value was altered`),
    );
  });
});
