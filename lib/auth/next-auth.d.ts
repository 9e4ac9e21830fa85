import type { DefaultSession } from 'next-auth';
import type { SessionIdentity } from './record-sign-in';

declare module 'next-auth' {
  /** The session as the portal sees it: the directory identity plus the organisation it acts for. */
  interface Session {
    user: DefaultSession['user'] & { id: string; organisation: SessionIdentity['organisation'] };
  }

  /** The directory's ID token claims: any claim name may be configured, so all are readable. */
  interface Profile {
    [claim: string]: unknown;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId: string;
    organisation: SessionIdentity['organisation'];
  }
}
