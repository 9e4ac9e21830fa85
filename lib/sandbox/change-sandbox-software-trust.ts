import 'server-only';
import { z } from 'zod';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getEnv } from '@/lib/env';
import { sandboxSoftwareBundleSchema, type SandboxSoftwareBundle } from './create-sandbox-software';

/**
 * What a TPP may ask of the sandbox directory about one of its own software, to try trust over time
 * (OB-RULES *Trust over time*): revoke its keys (the revoked keystore, and their certificates at the CA), revoke its
 * transport certificate at the CA only, or have a new transport certificate issued that ends in five days.
 */
export const SANDBOX_TRUST_ACTIONS = {
  revoke_keys: { path: 'revoke-keys', body: {}, done: 'Its signing and transport keys are revoked (and their certificates, at the CA); new ones were issued.' },
  revoke_transport_certificate: {
    path: 'certificates/transport/revoke',
    body: { reason: 'keyCompromise' },
    done: 'Its transport certificate is revoked at the CA (OCSP and CRL say so); its keys stay in the keystore.',
  },
  issue_short_transport_certificate: {
    path: 'certificates/transport',
    body: { validForDays: 5 },
    done: 'A new transport certificate, ending in five days, replaced the current one (which stays valid).',
  },
} as const;

/** One of `SANDBOX_TRUST_ACTIONS`. */
export type SandboxTrustAction = keyof typeof SANDBOX_TRUST_ACTIONS;

/** The outcome: done, with the software's keys and certificates now; or why not, as the directory said. */
export type SandboxTrustResult = { status: 'done'; message: string; bundle: SandboxSoftwareBundle } | { status: 'refused'; description: string } | { status: 'unavailable' };

const softwareIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const directoryErrorSchema = z.object({ error_description: z.string().max(500) });
const FETCH_TIMEOUT_MS = 15_000;

/**
 * Carries out `action` on the actor's organisation's software `softwareId` at the embedded sandbox directory. The
 * organisation is the actor's, never the request's: another organisation's software answers as unknown. Only for
 * the sandbox (private keys pass through the portal here, which a real directory never does).
 */
export async function changeSandboxSoftwareTrust(actor: TppActor, softwareId: string, action: SandboxTrustAction): Promise<SandboxTrustResult> {
  const env = getEnv();
  if (!env.isSandboxDirectory) return { status: 'unavailable' };
  if (!softwareIdSchema.safeParse(softwareId).success) return { status: 'refused', description: 'a software id is letters, digits, "_" and "-"' };
  const { path, body, done } = SANDBOX_TRUST_ACTIONS[action];
  const url = `${env.sandboxDirectoryUrl}/api/organisations/${encodeURIComponent(actor.organisation.directoryOrgId)}/software/${encodeURIComponent(softwareId)}/${path}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    return { status: 'unavailable' };
  }
  const answer: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const bundle = sandboxSoftwareBundleSchema.safeParse(answer);
    return bundle.success ? { status: 'done', message: done, bundle: bundle.data } : { status: 'unavailable' };
  }
  const error = directoryErrorSchema.safeParse(answer);
  return { status: 'refused', description: error.success ? error.data.error_description : `the sandbox directory answered ${response.status}` };
}
