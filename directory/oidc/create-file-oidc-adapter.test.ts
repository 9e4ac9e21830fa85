import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { createFileOidcAdapter } from './create-file-oidc-adapter';

const folder = await mkdtemp(path.join(os.tmpdir(), 'onboard-directory-oidc-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('createFileOidcAdapter', () => {
  it('keeps what it stores across a reopen, owner-only, and finds it by id, uid and grant', async () => {
    const file = path.join(folder, 'reopen.json');
    const sessions = (await createFileOidcAdapter(file))('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'alice' }, 600);
    await (await createFileOidcAdapter(file))('AccessToken').upsert('t1', { grantId: 'g1' }, 600);

    const reopened = await createFileOidcAdapter(file);
    expect(await reopened('Session').find('s1')).toEqual({ uid: 'u1', accountId: 'alice' });
    expect(await reopened('Session').findByUid('u1')).toEqual({ uid: 'u1', accountId: 'alice' });
    // Models are apart: the same id under another name is another entry.
    expect(await reopened('Interaction').find('s1')).toBeUndefined();
    await reopened('AccessToken').revokeByGrantId('g1');
    expect(await reopened('AccessToken').find('t1')).toBeUndefined();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reads an expired entry as absent, and marks a consumed one', async () => {
    let clock = 1_000_000;
    const codes = (await createFileOidcAdapter(path.join(folder, 'expiry.json'), () => clock))('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g' }, 60);
    await codes.consume('c1');
    expect(await codes.find('c1')).toEqual({ grantId: 'g', consumed: 1_000 });
    clock += 60_000;
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('refuses a file it cannot read, naming it', async () => {
    const file = path.join(folder, 'broken.json');
    await (await import('node:fs/promises')).writeFile(file, '{ not json');
    await expect(createFileOidcAdapter(file)).rejects.toThrow(`${file}: the sandbox directory's sign-in state cannot be read`);
  });
});
