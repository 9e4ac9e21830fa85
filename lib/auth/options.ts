import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getEnv } from '@/lib/env';
import { buildAuthCookies } from './build-auth-cookies';
import { isSessionLive } from './is-session-live';
import { readBankIdentity } from './read-bank-identity';
import { readDirectoryIdentity } from './read-directory-identity';
import { recordAdminSignIn } from './record-admin-sign-in';
import { recordRefusedSignIn } from './record-refused-sign-in';
import { recordSignIn } from './record-sign-in';
import { recordSignOut } from './record-sign-out';
import { resolveCallbackUrl } from './resolve-callback-url';
import { SESSION_MAX_AGE_SECONDS } from './session-lifetime';
import { startSession } from './start-session';

/** The provider id under which the directory appears in next-auth's routes (`/api/auth/callback/directory`). */
export const DIRECTORY_PROVIDER_ID = 'directory';
/** The provider id of the bank's workforce IdP, where admins sign in (`/api/auth/callback/bank`). */
export const BANK_PROVIDER_ID = 'bank';

/** Thrown by the jwt callback for a cookie whose session has ended: next-auth then answers "no session". */
class SessionEndedError extends Error {
  constructor() {
    super('the portal session has ended');
  }
}

type OidcSettings = { issuer: string; clientId: string; clientSecret: string | undefined; scope: string; idTokenAlg: string };

// Both IdPs are plain OpenID Providers: authorization code with PKCE, state and nonce, whatever they advertise.
function oidcProvider(id: string, name: string, settings: OidcSettings): OAuthConfig<Record<string, unknown>> {
  return {
    id,
    name,
    type: 'oauth',
    wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret ?? '',
    authorization: { params: { scope: settings.scope } },
    client: { id_token_signed_response_alg: settings.idTokenAlg, token_endpoint_auth_method: 'client_secret_basic' },
    checks: ['pkce', 'state', 'nonce'],
    idToken: true,
    profile(claims) {
      return {
        id: String(claims.sub),
        name: typeof claims.name === 'string' ? claims.name : null,
        email: typeof claims.email === 'string' ? claims.email : null,
      };
    },
  };
}

/**
 * next-auth configuration: TPP users sign in through the Open Banking Directory (`DIRECTORY_*`), bank
 * admins through the bank's workforce IdP (`BANK_IDP_*`). A session is one or the other, never both.
 */
export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const { directory, bankIdp } = env;
  return {
    secret: env.nextAuthSecret,
    // The cookie may outlive a session, never the other way round: the PortalSession row decides (see jwt below).
    session: { strategy: 'jwt', maxAge: Math.max(SESSION_MAX_AGE_SECONDS.tpp, SESSION_MAX_AGE_SECONDS.admin) },
    // From PORTAL_URL, not from NEXTAUTH_URL's guess: Secure and prefixed exactly when the portal is https.
    useSecureCookies: new URL(env.portalUrl).protocol === 'https:',
    cookies: buildAuthCookies(env.portalUrl),
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      oidcProvider(DIRECTORY_PROVIDER_ID, 'Open Banking Directory', directory),
      oidcProvider(BANK_PROVIDER_ID, "the bank's identity provider", bankIdp),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider === BANK_PROVIDER_ID) {
          const identity = readBankIdentity(profile ?? {}, bankIdp);
          if (identity?.isAdmin) return true;
          if (identity) await recordAdminSignIn(bankIdp.issuer, identity);
          return '/admin/refused';
        }
        const result = readDirectoryIdentity(profile ?? {}, directory.claims);
        if (result.ok) return true;
        await recordRefusedSignIn(result.subject, result.refusal);
        return `/auth/refused?reason=${result.refusal}`;
      },
      async jwt({ token, account, profile }) {
        if (!profile || !account) {
          // Every later reading of the cookie (getServerSession for pages, server actions and route handlers, and
          // /api/auth/session): a session that sign-out, a suspension or the directory ended opens nothing. Throwing
          // makes next-auth answer "no session" and clear the cookie.
          if (!(await isSessionLive(token.sessionId))) throw new SessionEndedError();
          return token;
        }
        // First request after sign-in: `profile` holds the ID token claims, already admitted by signIn.
        if (account.provider === BANK_PROVIDER_ID) {
          const identity = readBankIdentity(profile, bankIdp);
          const admin = identity && (await recordAdminSignIn(bankIdp.issuer, identity));
          if (!admin) throw new Error('bank identity changed between sign-in callbacks');
          const session = await startSession({ kind: 'admin', adminId: admin.id });
          return { ...token, kind: 'admin', userId: admin.id, sessionId: session.id, sessionExpiresAt: session.expiresAt.toISOString() };
        }
        const result = readDirectoryIdentity(profile, directory.claims);
        if (!result.ok) throw new Error('directory identity changed between sign-in callbacks');
        const identity = await recordSignIn(directory.issuer, result.identity);
        const session = await startSession({ kind: 'tpp', tppUserId: identity.userId, organisationId: identity.organisation.id });
        return { ...token, kind: 'tpp', userId: identity.userId, organisation: identity.organisation, sessionId: session.id, sessionExpiresAt: session.expiresAt.toISOString() };
      },
      async session({ session, token }) {
        const user =
          token.kind === 'admin'
            ? { ...session.user, kind: 'admin' as const, id: token.userId }
            : { ...session.user, kind: 'tpp' as const, id: token.userId, organisation: token.organisation };
        // next-auth says the cookie's end (the longer TPP lifetime, renewed as it is read); the session ends earlier.
        return { ...session, user, expires: token.sessionExpiresAt ?? session.expires };
      },
      // next-auth's default lets through anything that starts with "/"; the sign-in pages' own rule applies instead.
      async redirect({ url }) {
        return resolveCallbackUrl(url, { portalUrl: env.portalUrl, fallback: '/' });
      },
    },
    logger: {
      // next-auth's own format, less the ended sessions: an expected answer ("no session"), not a fault to log.
      error(code, metadata) {
        if (code === 'JWT_SESSION_ERROR' && metadata instanceof SessionEndedError) return;
        console.error(`[next-auth][error][${code}]`, `\nhttps://next-auth.js.org/errors#${code.toLowerCase()}`, metadata);
      },
    },
    events: {
      async signOut({ token }) {
        await recordSignOut(token);
      },
    },
  };
}
