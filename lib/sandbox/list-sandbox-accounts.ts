import 'server-only';
import { z } from 'zod';
import { getEnv } from '@/lib/env';

const sandboxAccountSchema = z.object({
  email: z.string(),
  password: z.string(),
  name: z.string(),
  tppAssociated: z.boolean(),
  orgId: z.string().optional(),
  orgName: z.string().optional(),
  roles: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
});

/** A test account of the embedded sandbox directory. */
export type SandboxAccount = z.infer<typeof sandboxAccountSchema>;

const FETCH_TIMEOUT_MS = 3_000;

/** The sandbox directory's test accounts, or null when the configured directory is not the sandbox or cannot be reached. */
export async function listSandboxAccounts(): Promise<SandboxAccount[] | null> {
  const env = getEnv();
  if (!env.isSandboxDirectory) return null;
  try {
    const response = await fetch(`${env.sandboxDirectoryUrl}/api/sandbox/accounts`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    return z.array(sandboxAccountSchema).parse(await response.json());
  } catch (error) {
    console.error('sandbox directory accounts unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}
