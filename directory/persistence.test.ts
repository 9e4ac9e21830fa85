import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';

import type { SoftwareBundle } from './software/build-software-bundle';
import { beginSignIn, followToCallback, redeemCode, submitCredentials } from './testing/authorization-flow';
import { startTestDirectory, type TestDirectory } from './testing/start-test-directory';

const ACME = '0015800001ACMEPAYS';
let directory: TestDirectory | undefined;

afterAll(async () => {
  await directory?.dispose();
});

async function signInSubject(baseUrl: string): Promise<{ sub: string; kid: string | undefined }> {
  const flow = await beginSignIn(baseUrl);
  const callback = await followToCallback(flow, await submitCredentials(flow, 'alice@acme-payments.example', 'sandbox-alice'));
  const token = (await (await redeemCode(baseUrl, callback.searchParams.get('code') ?? '', flow.codeVerifier)).json()) as { id_token: string };
  const { payload } = await jwtVerify(token.id_token, createRemoteJWKSet(new URL(`${baseUrl}/jwks`)), { issuer: baseUrl, algorithms: ['PS256'] });
  return { sub: payload.sub ?? '', kid: decodeProtectedHeader(token.id_token).kid };
}

async function snapshot(baseUrl: string, softwareId: string) {
  const text = (pathname: string) => fetch(`${baseUrl}${pathname}`).then((response) => response.text());
  const bundle = JSON.parse(await text(`/api/organisations/${ACME}/software/${softwareId}/bundle`)) as SoftwareBundle;
  return {
    caBundle: await text('/ca/bundle.pem'),
    ssaJwks: await text('/keystore/openbanking.jwks'),
    softwareJwks: await text(`/keystore/${ACME}/${softwareId}.jwks`),
    software: await text(`/api/organisations/${ACME}/software`),
    signing: bundle.signing,
    transport: bundle.transport,
    ssaKid: decodeProtectedHeader(bundle.ssa).kid,
    accounts: await text('/api/sandbox/accounts'),
  };
}

describe('persistence', () => {
  it('keeps the CA, keys, software and subjects across a restart', async () => {
    directory = await startTestDirectory();
    const created = await fetch(`${directory.url}/api/organisations/${ACME}/software`, { method: 'POST', body: '{"client_name":"Kept App"}' });
    expect(created.status).toBe(201);
    const { software_id: softwareId } = (await created.json()) as SoftwareBundle;
    const before = await snapshot(directory.url, softwareId);
    const subjectBefore = await signInSubject(directory.url);

    directory = await directory.restart();
    const after = await snapshot(directory.url, softwareId);
    expect(after).toEqual(before);
    expect(await signInSubject(directory.url)).toEqual(subjectBefore);
    expect(after.software).toContain('"client_name":"Kept App"');
  });

  it('writes state.json readable by its owner only, and the CA bundle beside it', async () => {
    directory ??= await startTestDirectory();
    const folder = path.join(directory.dataDir, 'directory');
    expect((await stat(path.join(folder, 'state.json'))).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(path.join(folder, 'state.json'), 'utf8')) as { version: number };
    expect(state.version).toBe(1);
    const bundle = await readFile(path.join(folder, 'ca-bundle.pem'), 'utf8');
    expect(bundle.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
  });

  it('refuses to start over a damaged state file rather than minting a new CA', async () => {
    directory ??= await startTestDirectory();
    await directory.stop();
    const file = path.join(directory.dataDir, 'directory', 'state.json');
    await writeFile(file, '{"version":1}');
    await expect(startTestDirectory({ dataDir: directory.dataDir, port: directory.port })).rejects.toThrow(/is not a valid sandbox directory state/);
  });
});
