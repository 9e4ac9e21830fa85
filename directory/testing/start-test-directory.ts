import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSandboxDirectory, type SandboxDirectory, type SandboxDirectoryClient } from '../start-sandbox-directory';
import { findFreePort } from './find-free-port';

/** The relying party every test directory knows. */
export const TEST_CLIENT = {
  clientId: 'test-portal',
  clientSecret: 'test-portal-secret',
  clientName: 'Test portal',
  redirectUris: ['http://localhost:3999/api/auth/callback/directory'],
  postLogoutRedirectUris: ['http://localhost:3999/'],
} as const satisfies SandboxDirectoryClient;

/** The bank organisation id of every test directory. */
export const TEST_BANK_ORG_ID = '0015800001TESTBANK';

/** A sandbox directory running for a test, with its data folder. */
export type TestDirectory = SandboxDirectory & {
  dataDir: string;
  port: number;
  /** Stops the server, keeping the data folder (for restart tests). */
  stop(): Promise<void>;
  /** Starts again on the same port and data folder. */
  restart(): Promise<TestDirectory>;
  /** Stops the server and deletes the data folder. */
  dispose(): Promise<void>;
};

/** Starts a sandbox directory on a free port with a fresh temporary data folder (or a given one). */
export async function startTestDirectory(existing?: { dataDir: string; port: number }, options: { backchannelLogoutUri?: string } = {}): Promise<TestDirectory> {
  const dataDir = existing?.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'onboard-directory-')));
  const port = existing?.port ?? (await findFreePort());
  const directory = await startSandboxDirectory({
    url: `http://localhost:${port}`,
    dataDir,
    bankOrgId: TEST_BANK_ORG_ID,
    clients: [
      {
        ...TEST_CLIENT,
        redirectUris: [...TEST_CLIENT.redirectUris],
        postLogoutRedirectUris: [...TEST_CLIENT.postLogoutRedirectUris],
        ...(options.backchannelLogoutUri ? { backchannelLogoutUri: options.backchannelLogoutUri } : {}),
      },
    ],
  });
  let isStopped = false;
  const stop = async () => {
    if (!isStopped) {
      isStopped = true;
      await directory.close();
    }
  };
  return {
    ...directory,
    dataDir,
    port,
    stop,
    async restart() {
      await stop();
      return startTestDirectory({ dataDir, port }, options);
    },
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
