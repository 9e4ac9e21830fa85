import type { ScenarioResult } from './run-scenario';

/** CPU milliseconds (unrounded) a group of processes (default: the scenario's server) spent per request; null without CPU figures. */
export function cpuMsPerRequest(scenario: ScenarioResult, group: string = scenario.server): number | null {
  const cores = scenario.cpu?.groups[group];
  if (cores === undefined || scenario.summary.throughput <= 0) return null;
  return (cores * 1000) / scenario.summary.throughput;
}
