import 'server-only';
import { redirect } from 'next/navigation';
import { getCurrentUser, type CurrentUser } from './get-current-user';

/** The signed-in TPP user, or a redirect to sign-in: every TPP page and action starts here. */
export async function requireUser(callbackPath = '/applications'): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}
