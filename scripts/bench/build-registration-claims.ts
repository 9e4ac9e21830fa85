import { buildRegistrationClaims as buildClaims } from '../../lib/testing/build-registration-claims';
import type { BenchSoftware } from './create-bench-software';

/** OB DCR v3.3 registration JWT claims valid now, with a fresh `jti` on every call (the e2e tests' request). */
export function buildRegistrationClaims(software: BenchSoftware, audience: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Generous lifetime: requests are signed before the measured phase, which may last up to 20 s after.
  return buildClaims({ softwareId: software.software_id, ssa: software.ssa, audience, lifetimeSeconds: 600 }, overrides);
}
