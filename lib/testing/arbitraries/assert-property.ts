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
  throw new Error(`${await reportFailure(name, details)}\nGot: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

// Longest counterexample a fallback report prints.
const MAX_FALLBACK_COUNTEREXAMPLE = 2_000;

/**
 * fast-check's own report, or, where its recursive printer overflows the stack (a claim nested 2 000 levels deep,
 * as `arbitraryOddJsonValue` draws), the same facts: seed, path and the counterexample as JSON, cut short.
 */
async function reportFailure<T>(name: string, details: fc.RunDetails<[T]>): Promise<string> {
  try {
    return (await fc.asyncDefaultReportMessage(details)) ?? `property "${name}" failed`;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const counterexample = JSON.stringify(details.counterexample) ?? String(details.counterexample);
    const shown = counterexample.length > MAX_FALLBACK_COUNTEREXAMPLE ? `${counterexample.slice(0, MAX_FALLBACK_COUNTEREXAMPLE)}… (${counterexample.length} characters)` : counterexample;
    return `Property failed after ${details.numRuns} tests\n{ seed: ${details.seed}, path: "${details.counterexamplePath}" }\nCounterexample (JSON): ${shown}\nShrunk ${details.numShrinks} time(s)`;
  }
}
