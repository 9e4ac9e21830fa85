import 'server-only';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import type { AdminActor } from './admin-actor';
import { findSessionAdmin } from './find-session-admin';
import { buildAuthOptions } from './options';

/**
 * The signed-in bank admin of this request, or null; memoised per request. next-auth's jwt callback says whether
 * the session is still live (PortalSession: sign-out, the 1-hour end); lib/auth/find-session-admin.ts whether its
 * user is still an admin.
 */
export const getCurrentAdmin = cache(async (): Promise<AdminActor | null> => findSessionAdmin((await getServerSession(buildAuthOptions()))?.user));
