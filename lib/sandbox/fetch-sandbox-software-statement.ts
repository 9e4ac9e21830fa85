import 'server-only';
import { getEnv } from '@/lib/env';

const FETCH_TIMEOUT_MS = 5_000;
const SOFTWARE_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;

/** A fresh SSA from the sandbox directory for software of the given organisation, or null (not the sandbox, unknown software). */
export async function fetchSandboxSoftwareStatement(directoryOrgId: string, softwareId: string): Promise<string | null> {
  const env = getEnv();
  if (!env.isSandboxDirectory || !SOFTWARE_ID_PATTERN.test(softwareId)) return null;
  const url = `${env.sandboxDirectoryUrl}/api/organisations/${encodeURIComponent(directoryOrgId)}/software/${softwareId}/ssa`;
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    return response.ok ? (await response.text()).trim() : null;
  } catch (error) {
    console.error('sandbox software statement unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}
