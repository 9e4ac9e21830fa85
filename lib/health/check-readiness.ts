/** One thing readiness depends on (or only reports), and what it found. */
export type ReadinessCheck = { name: string; isReady: boolean; detail: string };

/** A readiness check: `isFatal` ones decide readiness, the others are reported beside them. */
export type ReadinessProbe = { name: string; isFatal: boolean; check: () => Promise<string> };

/** What `/readyz` answers: ready when every fatal check passed; each check with what it found, in words. */
export type Readiness = { isReady: boolean; checks: (ReadinessCheck & { isFatal: boolean })[] };

// A probe that hangs (a database that stopped answering) must not hang the orchestrator's request.
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Runs the probes at once, each within a timeout. A probe reports its finding by resolving with a short line and
 * its failure by throwing (an `Error` whose message says what is wrong, never a secret or a connection string).
 */
export async function checkReadiness(probes: readonly ReadinessProbe[], timeoutMs = PROBE_TIMEOUT_MS): Promise<Readiness> {
  const checks = await Promise.all(
    probes.map(async ({ name, isFatal, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return { name, isFatal, isReady: true, detail: await Promise.race([check(), timeout]) };
      } catch (error) {
        return { name, isFatal, isReady: false, detail: error instanceof Error ? error.message : 'failed' };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { isReady: checks.every((check) => check.isReady || !check.isFatal), checks };
}

/** The JSON of `/readyz`: `status`, and each check's name, whether it passed, whether it counts, and what it found. */
export function toReadinessBody(readiness: Readiness) {
  return {
    status: readiness.isReady ? 'ready' : 'not_ready',
    checks: readiness.checks.map(({ name, isReady, isFatal, detail }) => ({ name, status: isReady ? 'pass' : isFatal ? 'fail' : 'warn', detail })),
  };
}
