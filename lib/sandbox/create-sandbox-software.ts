import 'server-only';
import { z } from 'zod';
import { getEnv } from '@/lib/env';

const keyMaterialSchema = z.object({ kid: z.string(), private_key_pem: z.string(), certificate_pem: z.string() });
/** The bundle the sandbox directory answers with: a software's SSA, keys and certificates. */
export const sandboxSoftwareBundleSchema = z.object({
  software_id: z.string(),
  org_id: z.string(),
  ssa: z.string(),
  signing: keyMaterialSchema,
  transport: keyMaterialSchema,
  ca_bundle_pem: z.string(),
});

/** What the sandbox directory hands over for new software: its SSA, keys and certificates. */
export type SandboxSoftwareBundle = z.infer<typeof sandboxSoftwareBundleSchema>;

const FETCH_TIMEOUT_MS = 15_000;

/**
 * Asks the sandbox directory to create software for an organisation and returns its bundle. Only for the
 * embedded sandbox: private keys pass through the portal here, which a real directory never does.
 */
export async function createSandboxSoftware(directoryOrgId: string, options: { isObwac?: boolean } = {}): Promise<SandboxSoftwareBundle | null> {
  const env = getEnv();
  if (!env.isSandboxDirectory) return null;
  const response = await fetch(`${env.sandboxDirectoryUrl}/api/organisations/${encodeURIComponent(directoryOrgId)}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // An OBWAC: an eIDAS QWAC transport certificate whose PSD2 statement grants the software's roles.
    body: JSON.stringify(options.isObwac ? { certificate_profile: 'obwac' } : {}),
    cache: 'no-store',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) return null;
  return sandboxSoftwareBundleSchema.parse(await response.json());
}
