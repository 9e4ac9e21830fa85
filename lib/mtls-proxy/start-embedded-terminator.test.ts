import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EnvError, parseEnv } from '@/lib/env';
import { createTestPki } from '@/lib/testing/registration-fixtures/create-test-pki';
import { startEmbeddedTerminator } from './start-embedded-terminator';

const SECRET = 'embedded-terminator-secret-0123456789abcdef';

let dataDir: string;
let bundlePath: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-embedded-terminator-'));
  bundlePath = path.join(dataDir, 'bundle.pem');
  const pki = await createTestPki(new Date(), 'Embedded Terminator Test');
  await writeFile(bundlePath, pki.caCertificates.join('\n'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function findFreePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function envWith(overrides: Record<string, string>) {
  return parseEnv({ DATA_DIR: dataDir, DIRECTORY_CA_BUNDLE: bundlePath, ...overrides });
}

async function failureOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => expect.unreachable('start-up should have failed'), (caught: unknown) => caught);
  expect(error).toBeInstanceOf(EnvError);
  return (error as EnvError).issues;
}

describe('startEmbeddedTerminator', () => {
  it('listens at MTLS_URL with a certificate from <DATA_DIR>/mtls/ca.pem', async () => {
    const port = await findFreePort();
    const terminator = await startEmbeddedTerminator({
      env: envWith({ MTLS_URL: `https://localhost:${port}` }),
      upstreamUrl: 'http://localhost:3000',
      proxySecret: SECRET,
    });
    try {
      expect(terminator.url).toBe(`https://localhost:${port}`);
      expect(terminator.caPath).toBe(path.join(dataDir, 'mtls', 'ca.pem'));
      expect(await readFile(terminator.caPath, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    } finally {
      await terminator.close();
    }
  });

  it('names DIRECTORY_CA_BUNDLE when the bundle cannot be read', async () => {
    const missing = path.join(dataDir, 'missing.pem');
    const issues = await failureOf(
      startEmbeddedTerminator({ env: envWith({ DIRECTORY_CA_BUNDLE: missing }), upstreamUrl: 'http://localhost:3000', proxySecret: SECRET }),
    );
    expect(issues).toEqual([`DIRECTORY_CA_BUNDLE: cannot read ${missing} (ENOENT); the mutual TLS terminator verifies client certificates against it`]);
  });

  it('names DIRECTORY_CA_BUNDLE when the bundle holds no certificate', async () => {
    const empty = path.join(dataDir, 'empty.pem');
    await writeFile(empty, 'no certificates here\n');
    const issues = await failureOf(
      startEmbeddedTerminator({ env: envWith({ DIRECTORY_CA_BUNDLE: empty }), upstreamUrl: 'http://localhost:3000', proxySecret: SECRET }),
    );
    expect(issues).toEqual([`DIRECTORY_CA_BUNDLE: ${empty}: the CA bundle contains no certificate`]);
  });
});
