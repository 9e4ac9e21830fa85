import 'server-only';
import { getEnv } from '@/lib/env';
import { endDirectoryUserSessions } from './end-directory-user-sessions';
import { getDirectoryKeySet } from './get-directory-key-set';
import { verifyLogoutToken, type LogoutTokenResult } from './verify-logout-token';

/**
 * The directory's back-channel logout (OIDC Back-Channel Logout 1.0): verifies its logout token against the
 * directory (`DIRECTORY_ISSUER`, the portal's `DIRECTORY_CLIENT_ID`, the directory's keys) and ends every portal
 * session of the user it names: how a user's removal from their organisation at the directory reaches the portal.
 */
export async function acceptBackchannelLogout(logoutToken: string, now = new Date()): Promise<LogoutTokenResult> {
  const { directory } = getEnv();
  const result = await verifyLogoutToken(logoutToken, {
    issuer: directory.issuer,
    clientId: directory.clientId,
    algorithms: [directory.idTokenAlg],
    keys: await getDirectoryKeySet(directory.issuer),
    now,
  });
  if (result.ok) await endDirectoryUserSessions(directory.issuer, result.subject);
  return result;
}
