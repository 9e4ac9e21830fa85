import fc from 'fast-check';

/** What a property run needs besides its input: how many cases (always explicit) and, to replay a failure, a seed. */
export type PropertyRunOptions = { numRuns: number; seed?: number; path?: string };

/**
 * Runs an async property as `fc.assert` does (shrinking a failure and reporting its seed and path) and
 * logs how many cases it actually executed, shrinking included:
 * `[property] <name>: <n> cases (seed <seed>)`. Returns that count.
 */
export async function assertProperty<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyRunOptions,
): Promise<number> {
  let executed = 0;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    executed += 1;
    await predicate(value);
  });
  const details = await fc.check(property, { ...options, endOnFailure: false });
  const shrinks = details.failed ? `, ${details.numShrinks} shrinks` : '';
  console.info(`[property] ${name}: ${executed} cases (seed ${details.seed}${shrinks})`);
  if (!details.failed) return executed;
  // fast-check 4 leaves the predicate's own error out of its report: append it, it says what broke.
  const cause = details.errorInstance;
  const report = (await fc.asyncDefaultReportMessage(details)) ?? `property "${name}" failed`;
  throw new Error(`${report}\nGot: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}
