import type { ClaimMutation } from './arbitrary-mutated-claims';

/**
 * The mutations of `arbitraryMutatedClaims` as claim overrides for a fixture's builder, where an override of
 * `undefined` removes the claim (`fixture.claims`, `registrationRequest`, `signAssertion`).
 */
export function buildClaimOverrides(mutations: readonly ClaimMutation[]): Record<string, unknown> {
  // No prototype: a mutation of the claim "__proto__" must become a claim, not change the object's prototype.
  const overrides: Record<string, unknown> = Object.create(null);
  for (const mutation of mutations) overrides[mutation.claim] = mutation.action === 'delete' ? undefined : mutation.value;
  return overrides;
}
