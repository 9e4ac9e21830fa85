import 'server-only';
import type { PrismaClient } from '@/lib/db';
import type { Policy } from '@/lib/generated/prisma/client';

/** How long a process trusts its copy of the policy; another process's edit shows within this time. */
export const POLICY_CACHE_TTL_MS = 5_000;

type CachedPolicy = { db: PrismaClient; policy: Policy; expiresAt: number };

// On globalThis, as lib/db.ts keeps its client: Next.js may load this module once per bundle layer, and
// an update in one copy must invalidate the others. Keyed by the Prisma client, so a reopened database
// (tests) never sees another database's policy.
const globalForPolicy = globalThis as typeof globalThis & { onboardPolicyCache?: CachedPolicy };

/** The process's copy of the policy row, read by `getPolicy` and refreshed by `updatePolicy`. */
export const policyCache = {
  read(db: PrismaClient, now: number): Policy | null {
    const cached = globalForPolicy.onboardPolicyCache;
    return cached && cached.db === db && cached.expiresAt > now ? cached.policy : null;
  },
  write(db: PrismaClient, policy: Policy, now: number): void {
    globalForPolicy.onboardPolicyCache = { db, policy, expiresAt: now + POLICY_CACHE_TTL_MS };
  },
  clear(): void {
    globalForPolicy.onboardPolicyCache = undefined;
  },
};
