import type { IncomingMessage, ServerResponse } from 'node:http';

// oidc-provider ships no type declarations; these describe only the parts the sandbox directory uses.

/** An oidc-provider Grant: what an account has allowed a client. */
export type OidcGrant = {
  jti: string;
  accountId?: string;
  clientId?: string;
  addOIDCScope(scope: string | string[] | Set<string>): void;
  addOIDCClaims(claims: string[] | Set<string>): void;
  save(): Promise<string>;
};

/** The oidc-provider Grant model. */
export type OidcGrantModel = {
  new (init: { accountId: string; clientId: string }): OidcGrant;
  find(id: string): Promise<OidcGrant | undefined>;
};

/** A pending interaction (the sign-in step of an authorization request). */
export type OidcInteraction = {
  uid: string;
  prompt: { name: string; reasons: string[] };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
};

/** The result an interaction ends with. */
export type OidcInteractionResult =
  | { login: { accountId: string } }
  | { consent: { grantId: string } }
  | { error: string; error_description?: string };

/** The koa context oidc-provider hands to configuration callbacks (`ctx.oidc` and the response). */
export type OidcKoaContext = {
  type: string;
  body: unknown;
  status: number;
  host: string;
  set(name: string, value: string): void;
  oidc: {
    provider: OidcProvider;
    client?: { clientId: string; clientName?: string };
    session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { login?: { accountId: string }; consent?: { grantId?: string } };
    requestParamOIDCScopes: Set<string>;
    requestParamClaims: Set<string>;
  };
};

/** A registered client, as far as logging its users out goes. */
export type OidcClient = {
  clientId: string;
  backchannelLogoutUri?: string;
  /** Posts a logout token for `sub` to the client's `backchannel_logout_uri` (OIDC Back-Channel Logout 1.0). */
  backchannelLogout(sub: string, sid?: string): Promise<void>;
};

/** An oidc-provider instance (a koa application). */
export type OidcProvider = {
  issuer: string;
  Grant: OidcGrantModel;
  Client: { find(clientId: string): Promise<OidcClient | undefined> };
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteraction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: OidcInteractionResult,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  on(event: 'server_error', listener: (ctx: OidcKoaContext, error: Error) => void): void;
};

/** The `Provider` class of oidc-provider. */
export type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;

/** One condition of an interaction prompt; its function says whether the prompt is needed. */
export type OidcCheck = { reason: string };

/** oidc-provider's `interactionPolicy` export: the default prompts (login, consent) and their checks. */
export type OidcInteractionPolicy = {
  base(): Array<{ name: string; checks: OidcCheck[] & { add(check: OidcCheck): void } }>;
  Check: {
    new (reason: string, description: string, check: (ctx: OidcKoaContext) => boolean): OidcCheck;
    REQUEST_PROMPT: boolean;
    NO_NEED_TO_PROMPT: boolean;
  };
};

/** The parts of the oidc-provider module the sandbox directory uses. */
export type OidcProviderModule = { Provider: OidcProviderClass; interactionPolicy: OidcInteractionPolicy };
