import { createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { x509 } from '@/lib/certificates/x509';
import { loadServerCredentials, type ServerCredentials } from './load-server-credentials';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'onboard-mtls-credentials-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

let dirCount = 0;
function freshDir(): string {
  dirCount += 1;
  return path.join(root, `data-${dirCount}`, 'mtls');
}

function namesOf(certPem: string): Array<{ type: string; value: string }> {
  const extension = new x509.X509Certificate(certPem).getExtension(x509.SubjectAlternativeNameExtension);
  return extension?.names.toJSON() ?? [];
}

function isKeyOf(credentials: ServerCredentials): boolean {
  const spki = createPublicKey(credentials.keyPem).export({ type: 'spki', format: 'der' });
  return spki.equals(Buffer.from(new x509.X509Certificate(credentials.certPem).publicKey.rawData));
}

describe('loadServerCredentials', () => {
  it('creates a local CA and a serverAuth certificate for the host names and loopback, chaining to ca.pem', async () => {
    const dir = freshDir();
    const credentials = await loadServerCredentials(dir, ['MTLS.Bank.Example'], NOW);

    const ca = new x509.X509Certificate(credentials.caPem);
    const server = new x509.X509Certificate(credentials.certPem);
    expect(ca.subject).toBe('O=Onboard, CN=Onboard local TLS CA');
    expect(await ca.isSelfSigned()).toBe(true);
    expect(ca.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0 });
    expect(server.issuer).toBe(ca.subject);
    expect(server.subject).toBe('O=Onboard, CN=mtls.bank.example');
    expect(await server.verify({ publicKey: ca.publicKey, date: NOW })).toBe(true);
    expect(server.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(server.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(namesOf(credentials.certPem)).toEqual([
      { type: 'dns', value: 'mtls.bank.example' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
      { type: 'dns', value: 'localhost' },
    ]);
    expect(isKeyOf(credentials)).toBe(true);
    expect(await readFile(path.join(dir, 'ca.pem'), 'utf8')).toBe(credentials.caPem);
  });

  it('keeps the private keys readable by the owner only', async () => {
    const dir = freshDir();
    await loadServerCredentials(dir, ['localhost'], NOW);
    const modes = await Promise.all(['ca-key.pem', 'server-key.pem'].map(async (file) => (await stat(path.join(dir, file))).mode & 0o777));
    expect(modes).toEqual([0o600, 0o600]);
  });

  it('reuses what it created on later starts', async () => {
    const dir = freshDir();
    const first = await loadServerCredentials(dir, ['localhost'], NOW);
    const second = await loadServerCredentials(dir, ['localhost'], new Date(NOW.getTime() + 100 * DAY_MS));
    expect(second).toEqual(first);
  });

  it.each([
    ['the host names changed', ['mtls.bank.example'], 0],
    ['the certificate expires within 30 days', ['localhost'], 368],
  ])('reissues the server certificate under the same CA when %s', async (_label, hostnames, daysLater) => {
    const dir = freshDir();
    const first = await loadServerCredentials(dir, ['localhost'], NOW);
    const later = new Date(NOW.getTime() + daysLater * DAY_MS);
    const second = await loadServerCredentials(dir, hostnames, later);
    expect(second.caPem).toBe(first.caPem);
    expect(second.certPem).not.toBe(first.certPem);
    expect(second.keyPem).not.toBe(first.keyPem);
    expect(isKeyOf(second)).toBe(true);
    const server = new x509.X509Certificate(second.certPem);
    expect(await server.verify({ publicKey: new x509.X509Certificate(second.caPem).publicKey, date: later })).toBe(true);
    expect(await loadServerCredentials(dir, hostnames, later)).toEqual(second);
  });

  it('replaces a server key that does not match its certificate (a start interrupted between the two writes)', async () => {
    const dir = freshDir();
    const first = await loadServerCredentials(dir, ['localhost'], NOW);
    const stray = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    await writeFile(path.join(dir, 'server-key.pem'), await exportPKCS8(stray.privateKey));
    const second = await loadServerCredentials(dir, ['localhost'], NOW);
    expect(second.certPem).not.toBe(first.certPem);
    expect(isKeyOf(second)).toBe(true);
  });

  it('creates a new CA, and a certificate under it, when the CA key is gone', async () => {
    const dir = freshDir();
    const first = await loadServerCredentials(dir, ['localhost'], NOW);
    await rm(path.join(dir, 'ca-key.pem'));
    const second = await loadServerCredentials(dir, ['localhost'], NOW);
    expect(second.caPem).not.toBe(first.caPem);
    const server = new x509.X509Certificate(second.certPem);
    expect(await server.verify({ publicKey: new x509.X509Certificate(second.caPem).publicKey, date: NOW })).toBe(true);
  });
});
