import 'server-only';
import { redirect } from 'next/navigation';
import type { AdminActor } from './admin-actor';

/**
 * The signed-in bank admin, or a redirect: every admin page and action starts here. TPP users and bank
 * staff without the admin role never get past it.
 */
export async function requireAdmin(callbackPath = '/admin'): Promise<AdminActor> {
  // Placeholder until admin sign-in lands: nobody is an admin yet.
  redirect(`/admin/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
}
