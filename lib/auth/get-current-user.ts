import 'server-only';
import { getServerSession, type Session } from 'next-auth';
import { cache } from 'react';
import { buildAuthOptions } from './options';

/** The signed-in TPP user of this request, or null; memoised per request. */
export const getCurrentUser = cache(async (): Promise<Session['user'] | null> => {
  const session = await getServerSession(buildAuthOptions());
  return session?.user?.organisation ? session.user : null;
});
