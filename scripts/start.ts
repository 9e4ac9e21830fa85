// One command runs the product: the sandbox directory (when it is the configured directory), the
// database with migrations applied, and the portal. `--dev` runs Next.js in development mode.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvConfig } from '@next/env';
import { startSandboxDirectory } from '../directory/start-sandbox-directory';
import { applyMigrations } from '../lib/db/apply-migrations';
import { EnvError, parseEnv } from '../lib/env';
import { chooseMtlsTerminator } from '../lib/mtls-proxy/choose-mtls-terminator';
import { startEmbeddedTerminator } from '../lib/mtls-proxy/start-embedded-terminator';
import { loadEmbeddedSecrets } from './launcher/load-embedded-secrets';
import { needsBuild } from './launcher/needs-build';
import { waitForUrl } from './launcher/wait-for-url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const isDev = process.argv.includes('--dev');
// The test runner builds once before starting several portals from the same build.
const canBuild = !process.argv.includes('--no-build');

async function main(): Promise<void> {
  const started = performance.now();
  // The same .env files Next.js reads, so the launcher and the portal agree on the configuration.
  loadEnvConfig(ROOT, isDev);
  const env = parseEnv(process.env);
  if (!env.isSandboxDirectory && !env.directory.clientSecret) {
    throw new EnvError(['DIRECTORY_CLIENT_SECRET: required when DIRECTORY_ISSUER points at a directory other than the sandbox']);
  }
  if (!env.bankIdp.isSandbox && !env.bankIdp.clientSecret) {
    throw new EnvError(['BANK_IDP_CLIENT_SECRET: required when BANK_IDP_ISSUER points at an identity provider other than the sandbox']);
  }
  const mtlsTerminator = chooseMtlsTerminator(env.mtlsUrl, process.env.MTLS_TERMINATOR);
  const secrets = await loadEmbeddedSecrets(env.dataDir);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXTAUTH_URL: env.portalUrl,
    NEXTAUTH_SECRET: env.nextAuthSecret ?? secrets.nextAuthSecret,
    DIRECTORY_CLIENT_SECRET: env.directory.clientSecret ?? secrets.directoryClientSecret,
    BANK_IDP_CLIENT_SECRET: env.bankIdp.clientSecret ?? secrets.bankIdpClientSecret,
    MTLS_PROXY_SECRET: env.mtlsProxySecret ?? secrets.mtlsProxySecret,
  };

  const applied = await applyMigrations();
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');

  // The sandbox directory plays the OB Directory, the bank's workforce IdP, or both, as configured.
  const sandboxClients = [
    ...(env.isSandboxDirectory
      ? [{ clientId: env.directory.clientId, clientName: 'Onboard developer portal', clientSecret: childEnv.DIRECTORY_CLIENT_SECRET as string, callback: 'directory' }]
      : []),
    ...(env.bankIdp.isSandbox
      ? [{ clientId: env.bankIdp.clientId, clientName: 'Onboard admin console', clientSecret: childEnv.BANK_IDP_CLIENT_SECRET as string, callback: 'bank' }]
      : []),
  ];
  const stopDirectory = sandboxClients.length
    ? await startSandboxDirectory({
        url: env.sandboxDirectoryUrl,
        dataDir: env.dataDir,
        bankOrgId: env.aspspOrgId,
        clients: sandboxClients.map(({ callback, ...client }) => ({
          ...client,
          redirectUris: [`${env.portalUrl}/api/auth/callback/${callback}`],
          postLogoutRedirectUris: [`${env.portalUrl}/`],
        })),
      }).then((directory) => {
        log(`sandbox directory listening on ${directory.url}`);
        return () => directory.close();
      })
    : async () => {};

  if (!isDev && (await needsBuild(ROOT))) {
    if (!canBuild) throw new Error('the portal build is missing or out of date: run `npm run build` first');
    log('building the portal (next build)…');
    await run(process.execPath, [NEXT_BIN, 'build'], childEnv);
  }

  const port = new URL(env.portalUrl).port || '3000';
  // Mutual TLS for /register and /token (README "Mutual TLS"). Started before the portal so that a taken
  // port stops start-up before a child process exists; it answers 502 until the portal is ready.
  const mtls =
    mtlsTerminator === 'embedded'
      ? await startEmbeddedTerminator({ env, upstreamUrl: `http://localhost:${port}`, proxySecret: childEnv.MTLS_PROXY_SECRET as string })
      : null;
  log(`mutual TLS endpoints at ${env.mtlsUrl} (${mtls ? `trust ${mtls.caPath}` : "the bank's own TLS terminator"})`);
  const portal = spawn(process.execPath, [NEXT_BIN, isDev ? 'dev' : 'start', '--port', port], {
    cwd: ROOT,
    env: childEnv,
    stdio: 'inherit',
  });
  const shutdown = onceShutdown(portal, async () => {
    await Promise.all([stopDirectory(), mtls?.close()]);
  });
  portal.on('exit', (code) => {
    log(`portal exited (${code ?? 'signal'})`);
    void shutdown(code ?? 1);
  });
  await waitForUrl(`${env.portalUrl}/api/auth/providers`, 120_000);
  log(`Onboard is running at ${env.portalUrl} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

function onceShutdown(portal: ChildProcess, stopDirectory: () => Promise<void>) {
  let isShuttingDown = false;
  const shutdown = async (code: number) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    if (portal.exitCode === null) portal.kill('SIGTERM');
    await stopDirectory().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  return shutdown;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} failed (${code})`))));
  });
}

function log(message: string): void {
  console.log(`[onboard] ${message}`);
}

main().catch((error: unknown) => {
  // Configuration mistakes are the user's to fix: say which variable, without a stack trace.
  if (error instanceof EnvError) console.error(`[onboard] ${error.message}`);
  else console.error('[onboard] start-up failed:', error);
  process.exit(1);
});
