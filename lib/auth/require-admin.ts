import 'server-only';
import { redirect } from 'next/navigation';
import type { AdminActor } from './admin-actor';
import { getCurrentAdmin } from './get-current-admin';

/**
 * The signed-in bank admin, or a redirect to admin sign-in: every admin page, action and route starts
 * here. TPP users and bank staff without the admin role never get past it.
 */
export async function requireAdmin(callbackPath = '/admin'): Promise<AdminActor> {
  const admin = await getCurrentAdmin();
  if (!admin) redirect(`/admin/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return admin;
}
