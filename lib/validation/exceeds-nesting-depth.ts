/**
 * Whether `value` (parsed JSON) nests arrays and objects deeper than `maxDepth` levels: a scalar is level 0, `[]`
 * and `{}` level 1, `{"a":[1]}` level 2. Iterative, and it stops at the first value past the limit, so that
 * it never overflows the stack on the input it exists to refuse.
 */
export function exceedsNestingDepth(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
