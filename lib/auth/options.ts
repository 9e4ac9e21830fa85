import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getEnv } from '@/lib/env';
import { readDirectoryIdentity } from './read-directory-identity';
import { recordRefusedSignIn } from './record-refused-sign-in';
import { recordSignIn } from './record-sign-in';

/** The provider id under which the directory appears in next-auth's routes (`/api/auth/callback/directory`). */
export const DIRECTORY_PROVIDER_ID = 'directory';

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** next-auth configuration: the Open Banking Directory as a federated OIDC provider, configured only by `DIRECTORY_*`. */
export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const { directory } = env;
  return {
    secret: env.nextAuthSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      {
        id: DIRECTORY_PROVIDER_ID,
        name: 'Open Banking Directory',
        type: 'oauth',
        wellKnown: `${directory.issuer}/.well-known/openid-configuration`,
        clientId: directory.clientId,
        clientSecret: directory.clientSecret ?? '',
        authorization: { params: { scope: directory.scope } },
        client: { id_token_signed_response_alg: directory.idTokenAlg, token_endpoint_auth_method: 'client_secret_basic' },
        // Authorization code with PKCE, state and nonce: all three, whatever the directory advertises.
        checks: ['pkce', 'state', 'nonce'],
        idToken: true,
        profile(claims) {
          return {
            id: String(claims.sub),
            name: typeof claims.name === 'string' ? claims.name : null,
            email: typeof claims.email === 'string' ? claims.email : null,
          };
        },
      },
    ],
    callbacks: {
      async signIn({ profile }) {
        const result = readDirectoryIdentity(profile ?? {}, directory.claims);
        if (result.ok) return true;
        await recordRefusedSignIn(result.subject, result.refusal);
        return `/auth/refused?reason=${result.refusal}`;
      },
      async jwt({ token, profile }) {
        if (!profile) return token;
        // First request after sign-in: `profile` holds the ID token claims, already admitted by signIn.
        const result = readDirectoryIdentity(profile, directory.claims);
        if (!result.ok) throw new Error('directory identity changed between sign-in callbacks');
        const identity = await recordSignIn(directory.issuer, result.identity);
        return { ...token, userId: identity.userId, organisation: identity.organisation };
      },
      async session({ session, token }) {
        return {
          ...session,
          user: { ...session.user, id: token.userId, organisation: token.organisation },
        };
      },
    },
  };
}
