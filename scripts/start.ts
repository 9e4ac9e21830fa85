// One command runs the product: the sandbox directory (when it is the configured directory), the
// database with migrations applied, the portal and the API host. `--dev` runs Next.js in development mode;
// `--separate-processes` (PostgreSQL only) runs the API host and the portal as groups of their own even with one
// worker each, as `npm run bench` does to measure the API host's CPU apart from the portal's.
// First: lib/ modules below import `server-only`.
import './launcher/allow-server-only';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvConfig } from '@next/env';
import { startSandboxDirectory } from '../directory/start-sandbox-directory';
import { applyMigrations } from '../lib/db/apply-migrations';
import { closeDb } from '../lib/db';
import { EnvError, parseEnv } from '../lib/env';
import { KeyEncryptionKeyError } from '../lib/key-encryption/load-key-encryption-key';
import { loadSigningKeys } from '../lib/tokens/load-signing-keys';
import { sealLegacySigningKeys } from '../lib/tokens/seal-legacy-signing-keys';
import { chooseMtlsTerminator } from '../lib/api-host/choose-mtls-terminator';
import { prepareDataDir } from '../lib/data-dir/prepare-data-dir';
import { loadConfiguredServerCredentials } from '../lib/api-host/start-configured-api-host';
import { loadEmbeddedSecrets } from './launcher/load-embedded-secrets';
import { needsBuild } from './launcher/needs-build';
import { serveRoles } from './launcher/serve-roles';
import { waitForUrl } from './launcher/wait-for-url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const SERVE = path.join(ROOT, 'scripts', 'serve.ts');
const TSX_CLI = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const isDev = process.argv.includes('--dev');
// The test runner builds once before starting several portals from the same build.
const canBuild = !process.argv.includes('--no-build');
const isSeparateProcesses = process.argv.includes('--separate-processes');

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
  // Checked here, before anything starts: a bad value would otherwise surface only once the API host listens.
  const mtlsTerminator = chooseMtlsTerminator(env.mtlsUrl, process.env.MTLS_TERMINATOR);
  const isSingleProcess = env.workers.api === 1 && env.workers.portal === 1 && !isSeparateProcesses;
  if (!isSingleProcess && !env.databaseUrl) {
    // PGlite has one owner: every role must live in the process that opened it.
    const setting = env.workers.api > 1 ? 'API_WORKERS: above 1' : env.workers.portal > 1 ? 'PORTAL_WORKERS: above 1' : '--separate-processes:';
    throw new EnvError([`${setting} needs PostgreSQL (DATABASE_URL); the embedded database is owned by one process`]);
  }
  // Before anything writes under DATA_DIR: owner-only from here on, and refused if something there is not.
  await prepareDataDir(env.dataDir);
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

  // The portal and the API host read these, in this process or in the groups started below; set before anything
  // reads the configuration (getEnv keeps the first reading).
  Object.assign(process.env, childEnv);

  const applied = await applyMigrations();
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
  // Signing keys stored in clear by an earlier version are sealed under KEY_ENCRYPTION_KEY (the migration cannot:
  // the key is outside the database); then the embedded authorization server's keys are opened once, so that a wrong
  // KEY_ENCRYPTION_KEY stops here rather than in the API host.
  const sealed = await sealLegacySigningKeys();
  if (sealed) log(`sealed ${sealed} signing key(s) stored in clear under KEY_ENCRYPTION_KEY`);
  if (env.authorizationServer.kind === 'embedded') await loadSigningKeys({ maxAgeMs: 0 });
  // The roles below open the database again, in this process or their own.
  await closeDb();

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
          // TPP users only: a user removed from their organisation at the directory loses their portal sessions.
          ...(callback === 'directory' ? { backchannelLogoutUri: `${env.portalUrl}/api/auth/backchannel-logout` } : {}),
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

  const stopAll: Array<() => Promise<void>> = [stopDirectory];
  const shutdown = onceShutdown(stopAll);
  if (isSingleProcess) {
    // One process serves both (and owns the embedded database): Next.js's programmatic server beside the API host.
    const served = await serveRoles(parseEnv(process.env), { api: true, portal: true }, isDev, log);
    stopAll.unshift(served.close);
  } else {
    // The API host first: the portal's pages link to it. Each group shares its sockets among its workers, which
    // read the TLS credentials created here once.
    if (mtlsTerminator === 'embedded') await loadConfiguredServerCredentials(env);
    const api = startGroup(['--api', '--workers', String(env.workers.api)], childEnv, shutdown);
    stopAll.unshift(() => stopGroup(api));
    await waitForUrl(`http://${formatAddress(env.apiAddress)}/token`, 60_000);
    const portal = startGroup(['--portal', '--workers', String(env.workers.portal)], childEnv, shutdown);
    stopAll.unshift(() => stopGroup(portal));
  }
  await waitForUrl(`${env.portalUrl}/api/auth/providers`, 120_000);
  log(`Onboard is running at ${env.portalUrl} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

function startGroup(args: string[], env: NodeJS.ProcessEnv, shutdown: (code: number) => Promise<void>): ChildProcess {
  const group = spawn(process.execPath, [TSX_CLI, SERVE, ...args, ...(isDev ? ['--dev'] : [])], { cwd: ROOT, env, stdio: 'inherit' });
  group.on('exit', (code) => {
    log(`${args[0]?.slice(2)} exited (${code ?? 'signal'})`);
    void shutdown(code ?? 1);
  });
  return group;
}

function stopGroup(group: ChildProcess): Promise<void> {
  if (group.exitCode !== null || group.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    group.once('exit', () => resolve());
    group.kill('SIGTERM');
  });
}

function formatAddress({ host, port }: { host: string; port: number }): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function onceShutdown(stopAll: Array<() => Promise<void>>) {
  let isShuttingDown = false;
  const shutdown = async (code: number) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    // In order: the servers stop taking requests and finish those in flight, then the directory stops.
    for (const stop of stopAll) await stop().catch(() => {});
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
  if (error instanceof EnvError || error instanceof KeyEncryptionKeyError) console.error(`[onboard] ${error.message}`);
  else console.error('[onboard] start-up failed:', error);
  process.exit(1);
});
