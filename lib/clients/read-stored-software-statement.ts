import type { JWTPayload } from 'jose';
import type { Prisma } from '@/lib/db';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import { toSoftwareStatementClaims } from '@/lib/software-statement/to-software-statement-claims';

/** The SSA claims stored with a client; they passed every check when the client was registered. */
export function readStoredSoftwareStatement(stored: Prisma.JsonValue): SoftwareStatementClaims {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
    throw new Error('stored software statement claims are not an object');
  }
  return toSoftwareStatementClaims(stored as JWTPayload);
}
