import type { IncomingMessage, ServerResponse } from 'node:http';

// oidc-provider ships no type declarations; these describe only the parts the embedded authorization server uses.

/** A payload oidc-provider stores through its adapter (client metadata, a token, a seen assertion id). */
export type OidcPayload = Record<string, unknown> & {
  jti?: string;
  kind?: string;
  clientId?: string;
  client_id?: string;
  grantId?: string;
  uid?: string;
  userCode?: string;
  /** Seconds since the epoch; set by `consume`. */
  consumed?: number;
  exp?: number;
};

/** oidc-provider's adapter interface (lib/adapters/memory_adapter.js), one instance per model name. */
export type OidcAdapter = {
  upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<OidcPayload | undefined>;
  findByUserCode(userCode: string): Promise<OidcPayload | undefined>;
  findByUid(uid: string): Promise<OidcPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
};

/** A client as oidc-provider resolved it: recognised metadata camel-cased, extra metadata as registered. */
export type OidcClient = {
  clientId: string;
  clientSecret?: string;
  tokenEndpointAuthMethod: string;
  tlsClientAuthSubjectDn?: string;
  /** The software JWKS, whose keys sign the client's assertions. */
  jwksUri?: string;
  /** The registered scopes, space-separated. */
  scope?: string;
  software_id?: string;
  org_id?: string;
  /** The SSA's environment: where a certificate status that cannot be established may soft-fail. */
  software_environment?: string;
  /** The directory's revoked-key lists its software statement names (OB-RULES trust over time). */
  software_jwks_revoked_endpoint?: string;
  org_jwks_revoked_endpoint?: string;
};

/** A token oidc-provider found or is issuing. */
export type OidcToken = { kind: string; clientId?: string; jti: string };

/** An error oidc-provider renders as `{ error, error_description }`. */
export type OidcError = Error & { error: string; error_description?: string; error_detail?: string; status: number; statusCode: number; expose: boolean };

/** The koa context oidc-provider hands to middleware and configuration callbacks. */
export type OidcKoaContext = {
  req: IncomingMessage;
  method: string;
  path: string;
  status: number;
  body: unknown;
  type: string;
  set(name: string, value: string): void;
  accepts(...types: string[]): string | false;
  oidc?: {
    client?: OidcClient;
    route?: string;
    params?: Record<string, unknown>;
    /** What the request produced; `ClientCredentials` is the access token a client-credentials grant issued. */
    entities?: { ClientCredentials?: { clientId?: string; scope?: string; 'x5t#S256'?: string } };
  };
};

/** The `ReplayDetection` model: remembers client assertion `jti`s. */
export type OidcReplayDetectionModel = { unique(iss: string, jti: string, exp: number): Promise<boolean> };

/** An oidc-provider instance (a koa application). */
export type OidcProvider = {
  issuer: string;
  /** Koa's `proxy`: trust X-Forwarded-Host and X-Forwarded-Proto. */
  proxy: boolean;
  Client: { find(clientId: string): Promise<OidcClient | undefined>; prototype: { compareClientSecret(actual: string): boolean | Promise<boolean> } };
  /** The client-credentials token model: bound to a certificate (`setThumbprint('x5t', pem)`), saved for its value. */
  ClientCredentials: new (init: { client: OidcClient; scope?: string }) => { setThumbprint(kind: 'x5t', certificatePem: string): void; save(): Promise<string> };
  /** The request context class; its prototype's getters are how the server reads a request's parameters. */
  OIDCContext: { prototype: object };
  ReplayDetection: OidcReplayDetectionModel;
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  use(middleware: (ctx: OidcKoaContext, next: () => Promise<void>) => Promise<void>): void;
  on(event: 'server_error', listener: (ctx: OidcKoaContext, error: Error) => void): void;
  /** After a token endpoint request succeeded (lib/actions/token.js). */
  on(event: 'grant.success', listener: (ctx: OidcKoaContext) => void): void;
  /** After an endpoint answered with an error other than server_error (lib/shared/error_handler.js). */
  on(event: 'grant.error' | 'introspection.error' | 'revocation.error', listener: (ctx: OidcKoaContext, error: OidcError) => void): void;
  removeAllListeners(): void;
};

/** The `Provider` class of oidc-provider. */
export type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;

/** The error classes of oidc-provider this module throws. */
export type OidcErrors = {
  InvalidClientAuth: new (detail?: string) => OidcError;
  InvalidClientMetadata: new (description: string) => OidcError;
  InvalidRequest: new (description: string) => OidcError;
};

/** The parts of the oidc-provider module the embedded authorization server uses. */
export type OidcProviderModule = { Provider: OidcProviderClass; errors: OidcErrors };
