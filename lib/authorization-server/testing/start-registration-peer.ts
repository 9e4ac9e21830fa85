import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createFileOidcAdapter } from '@/directory/oidc/create-file-oidc-adapter';
import { loadOidcProviderModule } from '../load-oidc-provider-module';

/** The initial access token the peer requires at its registration endpoint (RFC 7591 §3). */
export const PEER_INITIAL_ACCESS_TOKEN = 'peer-initial-access-token-0123456789';

/** A client as the peer stores it (its registered metadata). */
export type PeerClient = Record<string, unknown> & { client_id: string };

/**
 * A second oidc-provider, configured apart from the embedded one, playing a bank's own authorization server:
 * RFC 7591 registration (initial access token required) and RFC 7592 management at its own endpoints, its state in a
 * file of its own (the sandbox directory's adapter, in a temporary folder). It grants the client_id a registration asks for, as Onboard
 * requires of a bank's server. It can be stopped (connections refused) and slowed, and started again on its port.
 */
export type RegistrationPeer = {
  issuer: string;
  /** The client the peer holds under `clientId`, or null. */
  findClient(clientId: string): Promise<PeerClient | null>;
  /** The ids of every client it holds (registered, not deleted since), sorted. */
  heldClientIds(): string[];
  /** How many registration requests (POST) reached it. */
  registrations(): number;
  /** Every answer waits this long first (0: none). */
  setDelay(ms: number): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

type ProviderWithClients = {
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  Client: { find(id: string): Promise<{ metadata(): PeerClient } | undefined> };
  on(event: 'registration_create.success' | 'registration_delete.success', listener: (ctx: unknown, client: { clientId: string }) => void): void;
};

/** Starts the peer on a free loopback port, over plain HTTP. */
export async function startRegistrationPeer(): Promise<RegistrationPeer> {
  const { Provider } = await loadOidcProviderModule();
  let delayMs = 0;
  let registrations = 0;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.writeHead(503).end();
  let server: Server = listen();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  function listen(): Server {
    return createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/reg') registrations += 1;
      if (delayMs === 0) handler(req, res);
      else setTimeout(() => handler(req, res), delayMs);
    });
  }

  const folder = await mkdtemp(path.join(os.tmpdir(), 'onboard-registration-peer-'));
  const provider = new Provider(issuer, {
    adapter: await createFileOidcAdapter(path.join(folder, 'peer-state.json')),
    clientAuthMethods: ['private_key_jwt', 'tls_client_auth'],
    extraClientMetadata: { properties: ['software_id'] },
    scopes: ['openid', 'accounts', 'payments', 'fundsconfirmations'],
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      mTLS: { enabled: true, certificateBoundAccessTokens: true, tlsClientAuth: true, getCertificate: () => undefined },
      registration: {
        enabled: true,
        initialAccessToken: PEER_INITIAL_ACCESS_TOKEN,
        // Grants the client_id the request asks for (the default assigns a random one).
        idFactory: (ctx: { oidc: { body?: { client_id?: unknown } } }) => (typeof ctx.oidc.body?.client_id === 'string' ? ctx.oidc.body.client_id : randomUUID()),
      },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
    },
  }) as unknown as ProviderWithClients;
  handler = provider.callback();
  // oidc-provider's adapters cannot be listed: what the peer holds is followed from its own events.
  const held = new Set<string>();
  provider.on('registration_create.success', (_ctx, client) => held.add(client.clientId));
  provider.on('registration_delete.success', (_ctx, client) => held.delete(client.clientId));

  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    issuer,
    async findClient(clientId) {
      const client = await provider.Client.find(clientId);
      return client ? client.metadata() : null;
    },
    heldClientIds: () => [...held].sort(),
    registrations: () => registrations,
    setDelay(ms) {
      delayMs = ms;
    },
    stop,
    async start() {
      server = listen();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      await stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
