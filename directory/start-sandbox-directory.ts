import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';

import type { DirectoryContext } from './directory-context';
import { errorAnswer, sendAnswer } from './http/answer';
import { createSandboxApiHandler } from './http/create-sandbox-api-handler';
import { createOidcProvider, type SandboxDirectoryClient } from './oidc/create-oidc-provider';
import { createInteractionHandler } from './oidc/create-interaction-handler';
import { logOutEverywhere } from './oidc/log-out-everywhere';
import { loadIssuingAuthority } from './pki/load-issuing-authority';
import { openDirectoryStore } from './state/open-directory-store';
import { writeFileAtomically } from './state/write-file-atomically';

export type { SandboxDirectoryClient } from './oidc/create-oidc-provider';

/** How to run the sandbox directory. */
export type SandboxDirectoryOptions = {
  /** Public base URL, e.g. `http://localhost:4000`: the OIDC issuer, and the port to listen on (loopback only). */
  url: string;
  /** State is kept under `<dataDir>/directory/`. */
  dataDir: string;
  /** Relying parties (the portal); consent is skipped for them. */
  clients: SandboxDirectoryClient[];
  /** The bank's (ASPSP's) own organisation id, added as an organisation with role ASPSP. */
  bankOrgId: string;
};

/** A running sandbox directory. */
export type SandboxDirectory = {
  url: string;
  close(): Promise<void>;
};

// Loopback only: the sandbox API has no authentication (see README.md).
const LISTEN_HOSTS = ['127.0.0.1', '::1'] as const;

/**
 * Starts the sandbox Open Banking Directory: OpenID Provider for TPP users, SSA issuer, keystore and test CA,
 * with state (CA, keys, organisations, users, software) persisted under `<dataDir>/directory/`.
 */
export async function startSandboxDirectory(options: SandboxDirectoryOptions): Promise<SandboxDirectory> {
  const baseUrl = parseBaseUrl(options.url);
  const store = await openDirectoryStore(options.dataDir, options.bankOrgId);
  const authority = await loadIssuingAuthority(store.state.certificateAuthority, baseUrl.origin);
  // The portal's DIRECTORY_CA_BUNDLE defaults to this file.
  await writeFileAtomically(path.join(store.folder, 'ca-bundle.pem'), authority.bundlePem);

  const context: DirectoryContext = { baseUrl: baseUrl.origin, store, authority };
  const provider = await createOidcProvider(context, options.clients);
  const handleOidc = provider.callback();
  const handleInteraction = createInteractionHandler(context, provider, options.clients);
  const handleSandboxApi = createSandboxApiHandler(context, { logOutEverywhere: (sub) => logOutEverywhere(provider, options.clients, sub) });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
      if (await handleInteraction(req, res, pathname)) {
        return;
      }
      const answer = await handleSandboxApi(req, pathname);
      if (answer) {
        sendAnswer(res, answer);
        return;
      }
      await handleOidc(req, res);
    } catch (error) {
      console.error('sandbox directory: unexpected error', error);
      if (res.headersSent) {
        res.destroy();
      } else {
        sendAnswer(res, errorAnswer({ status: 500, error: 'server_error', error_description: 'an unexpected error occurred' }));
      }
    }
  };

  const port = Number(baseUrl.port || (baseUrl.protocol === 'https:' ? 443 : 80));
  const servers: Server[] = [];
  try {
    for (const host of LISTEN_HOSTS) {
      const server = await listen(handle, host, port);
      if (server) {
        servers.push(server);
      }
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }

  return {
    url: context.baseUrl,
    async close() {
      await Promise.all(servers.map(closeServer));
      await store.settled();
    },
  };
}

function parseBaseUrl(url: string): URL {
  const parsed = URL.parse(url);
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.pathname !== '/' || parsed.search || parsed.hash) {
    // Keystore and SSA URLs are built from the origin, so a path would break them.
    throw new Error(`sandbox directory url must be an http(s) origin such as http://localhost:4000, got "${url}"`);
  }
  return parsed;
}

/** Listens on one loopback address; `undefined` when this machine lacks that address family (no IPv6). */
function listen(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, host: string, port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => void handle(req, res));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (host !== LISTEN_HOSTS[0] && (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT')) {
        resolve(undefined);
      } else {
        reject(error);
      }
    });
    server.listen({ host, port, ipv6Only: host.includes(':') }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
