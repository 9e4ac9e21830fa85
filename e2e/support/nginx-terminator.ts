import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import path from 'node:path';
import { loadServerCredentials } from '../../lib/api-host/load-server-credentials';
import { renderNginxConfig } from '../../scripts/nginx/render-nginx-config';
import { E2E, e2ePort } from './e2e-environment';
import { E2E_LOG_DIR } from './server-logs';
import { sendHttpsRequest, type ApiResponse } from './send-https-request';
import { TppSoftware } from './tpp-software';

/** nginx from the Debian package (`apt-get install nginx`); NGINX_PATH points elsewhere. */
export const NGINX_BIN = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
/** Where the e2e nginx terminates mutual TLS: an unprivileged port beside the embedded terminator's. */
export const NGINX_MTLS_URL = `https://localhost:${e2ePort(8545)}`;

const WORK_DIR = path.resolve(E2E.dataDir, 'nginx');

/** A running nginx in front of the e2e portal, doing mutual TLS with the documented configuration. */
export type NginxTerminator = { url: string; caPem: string; stop: () => Promise<void> };

/**
 * Starts `nginx -p <dir> -c <conf>` in the foreground with the documented server block included in http {},
 * a server certificate from a test CA, the sandbox directory's CA bundle for client certificates, the e2e
 * API host's plain listener as upstream and its MTLS_PROXY_SECRET. Logs go to E2E_LOG_DIR, where the log scan reads them.
 */
export async function startNginxTerminator(): Promise<NginxTerminator> {
  if (!existsSync(NGINX_BIN)) {
    throw new Error(`nginx is not installed at ${NGINX_BIN}: install the Debian package (apt-get install nginx) or set NGINX_PATH (README, Set-up)`);
  }
  // Under the product's DATA_DIR, which must stay owner-only (a restart checks it): nginx's own pid file and
  // temporary folders too, through the umask it inherits (077, set in playwright.config.ts).
  mkdirSync(WORK_DIR, { recursive: true, mode: 0o700 });
  await stopStaleNginx();
  const tls = path.join(WORK_DIR, 'tls');
  const credentials = await loadServerCredentials(tls, ['localhost']);
  const secrets = JSON.parse(readFileSync(path.join(E2E.dataDir, 'secrets.json'), 'utf8')) as { mtlsProxySecret: string };
  const port = Number(new URL(NGINX_MTLS_URL).port);
  const serverBlock = renderNginxConfig(readFileSync(path.join('scripts', 'nginx', 'onboard-mtls.conf'), 'utf8'), {
    serverName: 'localhost',
    certificate: path.join(tls, 'server.pem'),
    certificateKey: path.join(tls, 'server-key.pem'),
    caBundle: path.resolve(E2E.dataDir, 'directory', 'ca-bundle.pem'),
    upstream: new URL(E2E.apiPlainUrl).host,
    proxySecret: secrets.mtlsProxySecret,
    port,
  });
  const serverBlockPath = path.join(WORK_DIR, 'onboard-mtls.conf');
  // It holds the proxy secret (README: readable by its owner only).
  writeFileSync(serverBlockPath, serverBlock, { mode: 0o600 });
  mkdirSync(E2E_LOG_DIR, { recursive: true, mode: 0o700 });
  const accessLog = path.resolve(E2E_LOG_DIR, 'nginx-access.log');
  const errorLog = path.resolve(E2E_LOG_DIR, 'nginx-error.log');
  // nginx appends; the logs should describe this run only.
  for (const log of [accessLog, errorLog]) writeFileSync(log, '', { mode: 0o600 });
  const mainConfig = [
    'worker_processes 1;',
    'events { worker_connections 64; }',
    'http {',
    `    access_log ${accessLog};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `    ${kind}_temp_path ${path.join(WORK_DIR, `${kind}-temp`)};`),
    `    include ${serverBlockPath};`,
    '}',
    '',
  ].join('\n');
  const mainConfigPath = path.join(WORK_DIR, 'nginx.conf');
  writeFileSync(mainConfigPath, mainConfig, { mode: 0o600 });

  const nginx = spawn(
    NGINX_BIN,
    ['-p', WORK_DIR, '-c', mainConfigPath, '-g', `daemon off; pid ${path.join(WORK_DIR, 'nginx.pid')}; error_log ${errorLog} notice;`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  nginx.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  nginx.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForListener(nginx, port, () => output);
  return {
    url: NGINX_MTLS_URL,
    caPem: credentials.caPem,
    stop: () => stopProcess(nginx),
  };
}

async function waitForListener(nginx: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode}): ${output()}`);
    const isListening = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (isListening) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(nginx);
  throw new Error(`nginx did not listen on port ${port} within 15 s: ${output()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // SIGQUIT: nginx's graceful shutdown (finishes the requests in flight, then exits).
    child.kill('SIGQUIT');
  });
}

// An nginx this helper started in a run that was killed before its afterAll: stopped by its own pid file.
async function stopStaleNginx(): Promise<void> {
  const pidFile = path.join(WORK_DIR, 'nginx.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The same TPP software, calling the mTLS endpoints through the e2e nginx instead of the embedded terminator. */
export class TppSoftwareThroughNginx extends TppSoftware {
  constructor(
    bundle: TppSoftware['bundle'],
    private readonly nginx: NginxTerminator,
  ) {
    super(bundle);
  }

  protected override send(method: string, pathname: string, body: string | null, headers: Record<string, string>, credentials: { cert: string; key: string } | null): Promise<ApiResponse> {
    return nginxRequest(this.nginx, method, pathname, body, headers, credentials);
  }
}

/** One HTTPS request to the e2e nginx, trusting its test CA, optionally with a client certificate. */
export function nginxRequest(
  nginx: NginxTerminator,
  method: string,
  pathname: string,
  body: string | null,
  headers: Record<string, string>,
  credentials: { cert: string; key: string } | null,
): Promise<ApiResponse> {
  return sendHttpsRequest({ origin: nginx.url, ca: nginx.caPem }, method, pathname, body, headers, credentials);
}
