import { describe, expect, it } from 'vitest';

import { exceedsNestingDepth } from './exceeds-nesting-depth';

function nest(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

describe('exceedsNestingDepth', () => {
  it.each([
    ['a scalar', 'x', 0],
    ['null', null, 0],
    ['an empty array', [], 1],
    ['an empty object', {}, 1],
    ['claims with an array value', { aud: ['a', 'b'], iat: 1 }, 2],
    ['mixed nesting', { a: [{ b: [1] }] }, 4],
  ])('counts %s as %i levels', (_name, value, depth) => {
    expect(exceedsNestingDepth(value, depth)).toBe(false);
    if (depth > 0) expect(exceedsNestingDepth(value, depth - 1)).toBe(true);
  });

  it('finds the deepest branch, not only the first', () => {
    expect(exceedsNestingDepth({ flat: 1, wide: [1, 2, 3], deep: nest(5, 'object') }, 5)).toBe(true);
    expect(exceedsNestingDepth({ flat: 1, wide: [1, 2, 3], deep: nest(5, 'object') }, 6)).toBe(false);
  });

  it('answers for nesting far deeper than the stack allows recursion (structuredClone fails on it)', () => {
    for (const kind of ['array', 'object'] as const) {
      const deep = nest(100_000, kind);
      expect(() => structuredClone(deep)).toThrow(RangeError);
      expect(exceedsNestingDepth(deep, 32)).toBe(true);
      expect(exceedsNestingDepth(deep, 100_000)).toBe(false);
    }
  });
});
