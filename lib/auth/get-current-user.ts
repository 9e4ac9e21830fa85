import 'server-only';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { buildAuthOptions } from './options';
import type { SessionIdentity } from './record-sign-in';

/** A signed-in TPP user as pages see them. */
export type CurrentUser = { kind: 'tpp'; id: string; name?: string | null; email?: string | null; organisation: SessionIdentity['organisation'] };

/**
 * The signed-in TPP user of this request, or null (also when a bank admin is signed in, or the session has ended:
 * next-auth's jwt callback checks the PortalSession row); memoised per request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(buildAuthOptions());
  const user = session?.user;
  return user?.kind === 'tpp' && user.organisation ? user : null;
});
