import { z } from 'zod';

import { prepareDataDir } from '../lib/data-dir/prepare-data-dir';
import { startSandboxDirectory } from './start-sandbox-directory';

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const httpUrl = (name: string) =>
  z.url({ message: `${name} must be an absolute http(s) URL` }).refine((value) => /^https?:$/.test(new URL(value).protocol), {
    message: `${name} must be an absolute http(s) URL`,
  });

const envSchema = z.object({
  SANDBOX_DIRECTORY_URL: httpUrl('SANDBOX_DIRECTORY_URL').default('http://localhost:4000'),
  DATA_DIR: z.string().min(1).default('.data'),
  PORTAL_URL: httpUrl('PORTAL_URL').default('http://localhost:3000'),
  DIRECTORY_CLIENT_ID: z.string().min(1).default('onboard-portal'),
  DIRECTORY_CLIENT_SECRET: z.string({ message: 'DIRECTORY_CLIENT_SECRET is required' }).min(1, 'DIRECTORY_CLIENT_SECRET is required'),
  ASPSP_ORG_ID: z.string().min(1).default('0015800001ONBRDBNK'),
});

async function main(): Promise<void> {
  // An empty variable means "unset", as in lib/env.ts.
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    console.error(`sandbox directory: invalid configuration:\n${parsed.error.issues.map((issue) => `  - ${issue.message}`).join('\n')}`);
    process.exitCode = 1;
    return;
  }
  const env = parsed.data;
  const portalUrl = trimSlash(env.PORTAL_URL);
  // The product's DATA_DIR rule holds for the directory's state (its CA and keys) too.
  await prepareDataDir(env.DATA_DIR);
  const directory = await startSandboxDirectory({
    url: trimSlash(env.SANDBOX_DIRECTORY_URL),
    dataDir: env.DATA_DIR,
    bankOrgId: env.ASPSP_ORG_ID,
    clients: [
      {
        clientId: env.DIRECTORY_CLIENT_ID,
        clientSecret: env.DIRECTORY_CLIENT_SECRET,
        clientName: 'Onboard developer portal',
        redirectUris: [`${portalUrl}/api/auth/callback/directory`],
        postLogoutRedirectUris: [`${portalUrl}/`],
        backchannelLogoutUri: `${portalUrl}/api/auth/backchannel-logout`,
      },
    ],
  });
  console.log(`sandbox directory listening on ${directory.url}`);

  let isClosing = false;
  const stop = () => {
    if (isClosing) {
      return;
    }
    isClosing = true;
    directory.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox directory: failed to close cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('sandbox directory: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
