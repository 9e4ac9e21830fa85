import type { DefaultSession } from 'next-auth';
import type { SessionIdentity } from './record-sign-in';

/** The organisation a TPP session acts for. */
type SessionOrganisation = SessionIdentity['organisation'];

declare module 'next-auth' {
  /** A session is a TPP user's (through the directory) or a bank admin's (through the workforce IdP). */
  interface Session {
    user: DefaultSession['user'] & ({ kind: 'tpp'; id: string; organisation: SessionOrganisation } | { kind: 'admin'; id: string });
  }

  /** ID token claims: every claim name may be configured, so all are readable. */
  interface Profile {
    [claim: string]: unknown;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    kind: 'tpp' | 'admin';
    userId: string;
    /** Only for TPP sessions. */
    organisation?: SessionOrganisation;
    /** The PortalSession row that keeps this session alive; absent in cookies issued before sessions were kept. */
    sessionId?: string;
    /** When that session ends (ISO 8601), which the session's `expires` says: an admin's ends before the cookie. */
    sessionExpiresAt?: string;
  }
}
