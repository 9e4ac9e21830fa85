import 'server-only';
import { getDb } from '@/lib/db';
import type { Policy } from '@/lib/generated/prisma/client';
import { policyCache } from './policy-cache';

/** The policy table's one row. */
export const POLICY_ID = 1;

/**
 * The bank's registration policy (row 1, created with the schema's defaults on first read). Cached in
 * memory for a few seconds so the registration hot path does not query it every time; `updatePolicy`
 * refreshes the cache of this process.
 */
export async function getPolicy(): Promise<Policy> {
  const db = getDb();
  const cached = policyCache.read(db, Date.now());
  if (cached) return cached;
  let policy = await db.policy.findUnique({ where: { id: POLICY_ID } });
  if (policy === null) {
    // ON CONFLICT DO NOTHING: two processes creating the defaults at once both succeed.
    await db.policy.createMany({ data: [{ id: POLICY_ID }], skipDuplicates: true });
    policy = await db.policy.findUniqueOrThrow({ where: { id: POLICY_ID } });
  }
  policyCache.write(db, policy, Date.now());
  return policy;
}
