import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EnvError, parseEnv } from '@/lib/env';
import { createTestPki } from '@/lib/testing/registration-fixtures/create-test-pki';
import { startConfiguredApiHost, type ApiHostServices } from './start-configured-api-host';

const SERVICES: ApiHostServices = { routes: { '/register': {}, '/register/{id}': {} } };

let dataDir: string;
let bundlePath: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-configured-api-host-'));
  bundlePath = path.join(dataDir, 'bundle.pem');
  const pki = await createTestPki(new Date(), 'Configured API Host Test');
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
  return parseEnv({ DATA_DIR: dataDir, DIRECTORY_CA_BUNDLE: bundlePath, API_ADDRESS: '127.0.0.1:0', ...overrides });
}

async function failureOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => expect.unreachable('start-up should have failed'), (caught: unknown) => caught);
  expect(error).toBeInstanceOf(EnvError);
  return (error as EnvError).issues;
}

describe('startConfiguredApiHost', () => {
  it('with the embedded terminator listens at MTLS_URL with a certificate from <DATA_DIR>/mtls/ca.pem, and at API_ADDRESS', async () => {
    const port = await findFreePort();
    const host = await startConfiguredApiHost(envWith({ MTLS_URL: `https://localhost:${port}` }), 'embedded', SERVICES);
    try {
      expect(host.mtlsUrl).toBe(`https://localhost:${port}`);
      expect(host.plainUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(host.caPath).toBe(path.join(dataDir, 'mtls', 'ca.pem'));
      expect(await readFile(host.caPath as string, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    } finally {
      await host.close();
    }
  });

  it('behind the bank\'s terminator listens at API_ADDRESS only, and needs no CA bundle', async () => {
    const host = await startConfiguredApiHost(envWith({ DIRECTORY_CA_BUNDLE: path.join(dataDir, 'missing.pem') }), 'none', SERVICES);
    try {
      expect({ mtlsUrl: host.mtlsUrl, caPath: host.caPath }).toEqual({ mtlsUrl: null, caPath: null });
      expect((await fetch(`${host.plainUrl}/elsewhere`)).status).toBe(404);
    } finally {
      await host.close();
    }
  });

  it('names DIRECTORY_CA_BUNDLE when the bundle cannot be read', async () => {
    const missing = path.join(dataDir, 'missing.pem');
    const issues = await failureOf(
      startConfiguredApiHost(envWith({ DIRECTORY_CA_BUNDLE: missing }), 'embedded', SERVICES),
    );
    expect(issues).toEqual([`DIRECTORY_CA_BUNDLE: cannot read ${missing} (ENOENT); the API host verifies client certificates against it`]);
  });

  it('names DIRECTORY_CA_BUNDLE when the bundle holds no certificate', async () => {
    const empty = path.join(dataDir, 'empty.pem');
    await writeFile(empty, 'no certificates here\n');
    const issues = await failureOf(
      startConfiguredApiHost(envWith({ DIRECTORY_CA_BUNDLE: empty }), 'embedded', SERVICES),
    );
    expect(issues).toEqual([`DIRECTORY_CA_BUNDLE: ${empty}: the CA bundle contains no certificate`]);
  });
});
