import type { TargetVerdict } from './bench-results';
import type { BenchSettings } from './bench-settings';
import type { ScenarioResult } from './run-scenario';

/** Each scenario at the targets' connection count against the issue's rate and p99 targets. */
export function judgeTargets(scenarios: ScenarioResult[], targets: BenchSettings['targets']): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const scenario of scenarios) {
    const isRegistration = scenario.name.startsWith('POST /register');
    // The admin list has no target: its numbers are reported as they are.
    if (scenario.concurrency !== targets.connections || !(isRegistration || scenario.name.startsWith('POST /token'))) continue;
    const rate = isRegistration ? targets.registrationsPerSecond : targets.tokensPerSecond;
    const { throughput, p99 } = scenario.summary;
    verdicts.push({
      name: `≥ ${rate} ${isRegistration ? 'registrations' : 'tokens'}/s with p99 < ${targets.p99Ms} ms at ${targets.connections} connections`,
      scenario: scenario.name,
      throughput,
      p99Ms: p99,
      isMet: throughput >= rate && p99 < targets.p99Ms,
    });
  }
  return verdicts;
}
