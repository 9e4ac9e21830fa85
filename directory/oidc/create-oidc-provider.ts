import path from 'node:path';
import { exportJWK, importPKCS8 } from 'jose';

import type { DirectoryContext } from '../directory-context';
import { HTML_PAGE_HEADERS } from '../http/html-page';
import { accountClaims } from './account-claims';
import { createFileOidcAdapter } from './create-file-oidc-adapter';
import { loadOidcProviderModule } from './load-oidc-provider-module';
import type { OidcGrant, OidcInteractionPolicy, OidcKoaContext, OidcProvider } from './oidc-provider-types';
import { renderErrorPage, renderLogoutPage, renderSignedOutPage } from './render-oidc-pages';

/** A relying party of the directory (the portal); consent is implied for it. */
export type SandboxDirectoryClient = {
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in page ("to continue to …"); defaults to the client id. */
  clientName?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Where the directory posts logout tokens (OIDC Back-Channel Logout 1.0) when a user's sessions must end. */
  backchannelLogoutUri?: string;
};

/** Path of the sign-in page of an interaction. */
export function interactionPath(uid: string): string {
  return `/interaction/${encodeURIComponent(uid)}`;
}

/**
 * Builds the directory's OpenID Provider: authorization code flow with PKCE (S256) only, PS256 ID tokens
 * carrying the OB Directory's organisation claims, and sign-in at `/interaction/<uid>` (served by the caller).
 */
export async function createOidcProvider(context: DirectoryContext, clients: readonly SandboxDirectoryClient[]): Promise<OidcProvider> {
  const { Provider, interactionPolicy } = await loadOidcProviderModule();
  const { state } = context.store;
  const trustedClientIds = new Set(clients.map((client) => client.clientId));
  const backchannelLogoutUris = new Set(clients.flatMap((client) => (client.backchannelLogoutUri ? [new URL(client.backchannelLogoutUri).href] : [])));

  // Newest key first: oidc-provider signs with the first key that fits the algorithm.
  const signingKeys = await Promise.all(
    [...state.idTokenSigningKeys].reverse().map(async (key) => ({
      ...(await exportJWK(await importPKCS8(key.privateKeyPem, 'PS256', { extractable: true }))),
      kid: key.kid,
      alg: 'PS256',
      use: 'sig',
    })),
  );

  const provider = new Provider(context.baseUrl, {
    // Never oidc-provider's memory adapter: sign-in state lives beside the directory's own (state.json).
    adapter: await createFileOidcAdapter(path.join(context.store.folder, 'oidc-state.json')),
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      ...(client.clientName ? { client_name: client.clientName } : {}),
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      // By subject: the portal ends every session of the user, so the logout token needs no `sid`.
      ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: false } : {}),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'PS256',
    })),
    jwks: { keys: signingKeys },
    cookies: { keys: state.cookieKeys },
    scopes: ['openid', 'email', 'profile'],
    // The organisation claims sit under `openid` so that a plain "openid email profile" request gets them.
    claims: {
      openid: ['sub', 'tpp_associated', 'org_id', 'org_name', 'org_roles', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Without this, oidc-provider moves scope claims out of the ID token into userinfo; the portal reads the ID token.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    // The only method the configured clients use; advertising fewer methods leaves fewer paths to test.
    clientAuthMethods: ['client_secret_basic'],
    pkce: { required: () => true },
    async findAccount(_ctx: OidcKoaContext, sub: string) {
      const user = state.users.find((candidate) => candidate.sub === sub);
      return user && { accountId: user.sub, claims: async () => accountClaims(state, user) };
    },
    async loadExistingGrant(ctx: OidcKoaContext): Promise<OidcGrant | undefined> {
      const { oidc } = ctx;
      const clientId = oidc.client?.clientId;
      const accountId = oidc.session.accountId;
      if (!clientId || !accountId) {
        return undefined;
      }
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (!trustedClientIds.has(clientId)) {
        return existing;
      }
      // The directory's own relying parties need no consent screen: grant what they ask for.
      const grant = existing?.accountId === accountId ? existing : new oidc.provider.Grant({ accountId, clientId });
      grant.addOIDCScope(oidc.requestParamOIDCScopes);
      grant.addOIDCClaims(oidc.requestParamClaims);
      await grant.save();
      return grant;
    },
    interactions: {
      policy: alwaysSignInPolicy(interactionPolicy),
      url: async (_ctx: OidcKoaContext, interaction: { uid: string }) => interactionPath(interaction.uid),
    },
    // oidc-provider refuses to post to loopback addresses (SSRF protection); the sandbox's own relying parties'
    // back-channel logout URIs are the one exception, as the portal and the sandbox run on one machine.
    fetch: (url: string | URL, init: RequestInit & { dispatcher?: unknown }) => {
      const target = new URL(url).href;
      if (!backchannelLogoutUris.has(target)) return fetch(url, init);
      const { dispatcher: _ssrfGuard, ...rest } = init;
      return fetch(url, rest);
    },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: OidcKoaContext, form: string) {
          setHtml(ctx, renderLogoutPage(ctx.host, form));
        },
        async postLogoutSuccessSource(ctx: OidcKoaContext) {
          setHtml(ctx, renderSignedOutPage());
        },
      },
    },
    async renderError(ctx: OidcKoaContext, out: { error: string; error_description?: string }) {
      setHtml(ctx, renderErrorPage(out.error, out.error_description));
    },
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
    },
  });

  provider.on('server_error', (_ctx, error) => {
    console.error('sandbox directory: OpenID Provider error:', error);
  });
  return provider;
}

/**
 * The default prompts, with sign-in asked for on every authorization request. Sandbox users switch
 * between accounts (a refused non-TPP user must be able to come back as a TPP user); single sign-on
 * would silently return them as the user they signed in as before.
 */
function alwaysSignInPolicy({ base, Check }: OidcInteractionPolicy) {
  const policy = base();
  policy
    .find((prompt) => prompt.name === 'login')
    ?.checks.add(
      new Check('sandbox_sign_in_each_time', 'the sandbox directory asks for credentials on every request', (ctx) =>
        ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

function setHtml(ctx: OidcKoaContext, html: string): void {
  ctx.type = 'html';
  ctx.body = html;
  for (const [name, value] of Object.entries(HTML_PAGE_HEADERS)) {
    ctx.set(name, value);
  }
}
