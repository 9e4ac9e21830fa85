import fc from 'fast-check';

import { arbitraryOddJsonValue } from './arbitrary-odd-json-value';

/** One change to a claims object: the claim removed, or its value replaced. */
export type ClaimMutation = { claim: string; action: 'delete' } | { claim: string; action: 'replace'; value: unknown };

/** Claims after one to three mutations, and the mutations, so a property can tell what it broke. */
export type MutatedClaims = { claims: Record<string, unknown>; mutations: ClaimMutation[] };

// Names that are not claims of a valid request but could confuse a lookup or a merge.
const EXTRA_CLAIM_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''];

/**
 * Mutates a valid claims object (an SSA's or a registration request's, from the fixtures in `lib/testing/`):
 * one to three of its claims (or `claims`, if given; or a stray name such as `__proto__`) are deleted or
 * replaced by an odd JSON value (`arbitraryOddJsonValue`). The input object is never changed.
 */
export function arbitraryMutatedClaims(valid: Record<string, unknown>, claims: readonly string[] = Object.keys(valid)): fc.Arbitrary<MutatedClaims> {
  const mutation: fc.Arbitrary<ClaimMutation> = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...claims).map((claim): ClaimMutation => ({ claim, action: 'delete' })) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...claims, ...EXTRA_CLAIM_NAMES), arbitraryOddJsonValue())
        .map(([claim, value]): ClaimMutation => ({ claim, action: 'replace', value })),
    },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    // A null-prototype copy, so that a "__proto__" claim is an own property as it is after JSON.parse.
    const mutated: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, valid);
    for (const change of mutations) {
      if (change.action === 'delete') delete mutated[change.claim];
      else mutated[change.claim] = change.value;
    }
    return { claims: { ...mutated }, mutations };
  });
}
