import 'server-only';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { hashAccessToken } from './hash-access-token';
import { loadSigningKeys } from './load-signing-keys';
import { ACCESS_TOKEN_TYP, BANK_SIGNING_ALG } from './token-policy';

/** What `issueAccessToken` needs: the client (row id and OAuth client id), the granted scope and the certificate binding. */
export type IssueAccessTokenInput = {
  client: { id: string; clientId: string };
  /** Space-separated; may be empty. */
  scope: string;
  /** RFC 8705 `x5t#S256` of the client certificate the token is bound to. */
  certificateThumbprint: string;
};

/** A freshly issued access token, as the token endpoint answers it. */
export type IssuedAccessToken = { accessToken: string; expiresIn: number; scope: string };

/**
 * Issues a client-credentials access token: a PS256 JWT (RFC 9068 `at+jwt`) signed with the bank's active
 * key, bound to the client certificate (`cnf.x5t#S256`, RFC 8705), and recorded by its hash.
 * `aud` is `MTLS_URL`: the tokens are good only for the bank's mTLS API (`/register/{id}`).
 */
export async function issueAccessToken(input: IssueAccessTokenInput, now: Date = new Date()): Promise<IssuedAccessToken> {
  const env = getEnv();
  const { active } = await loadSigningKeys();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresIn = env.accessTokenTtlSeconds;
  const accessToken = await new SignJWT({
    client_id: input.client.clientId,
    scope: input.scope,
    cnf: { 'x5t#S256': input.certificateThumbprint },
  })
    .setProtectedHeader({ alg: BANK_SIGNING_ALG, typ: ACCESS_TOKEN_TYP, kid: active.kid })
    .setIssuer(env.portalUrl)
    .setSubject(input.client.clientId)
    .setAudience(env.mtlsUrl)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + expiresIn)
    .setJti(randomUUID())
    .sign(active.privateKey);
  await getDb().accessToken.create({
    data: {
      tokenHash: hashAccessToken(accessToken),
      clientId: input.client.id,
      scope: input.scope,
      certificateThumbprint: input.certificateThumbprint,
      expiresAt: new Date((issuedAt + expiresIn) * 1000),
    },
  });
  return { accessToken, expiresIn, scope: input.scope };
}
