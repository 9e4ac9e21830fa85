import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { assertProperty } from './assert-property';

/** A value nested `depth` levels deep in objects, as `arbitraryOddJsonValue` draws one. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe('assertProperty', () => {
  it('returns how many cases ran when the property holds', async () => {
    await expect(assertProperty('holds', fc.integer(), async () => {}, { numRuns: 7, seed: 1 })).resolves.toBe(7);
  });

  it("reports fast-check's counterexample, seed and path, and the predicate's own error", async () => {
    const failure = assertProperty('fails at 5', fc.integer({ min: 0, max: 10 }), async (value) => {
      expect(value).toBeLessThan(5);
    }, { numRuns: 100, seed: 42 });
    await expect(failure).rejects.toThrow(/seed: 42, path: "[\d:]+"[\s\S]*Counterexample: \[5\][\s\S]*Got: expected 5 to be less than 5/);
  });

  it('still reports seed, path, the counterexample cut short and the error when the counterexample is too deep for fast-check to print', async () => {
    const deep = nested(2_000);
    // The premise: fast-check's recursive printer overflows on it.
    expect(() => fc.stringify(deep)).toThrow(RangeError);
    const failure = assertProperty('fails on a deep value', fc.constant(deep), async () => {
      throw new Error('refused the deep claim');
    }, { numRuns: 3, seed: 7 });
    await expect(failure).rejects.toThrow(/failed after 1 tests\n\{ seed: 7, path: "0" \}\nCounterexample \(JSON\): \[\{"a":\{"a":[^\n]*… \(\d+ characters\)\nShrunk 0 time\(s\)\nGot: refused the deep claim/);
  });
});
