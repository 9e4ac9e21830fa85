import type { MachineDescription } from './describe-machine';
import type { ValidationFloor } from './measure-validation-floor';
import type { ScenarioResult } from './run-scenario';

/** One of the targets and whether the run met it. */
export type TargetVerdict = { name: string; scenario: string; throughput: number; p99Ms: number; isMet: boolean };

/** Everything one `npm run bench` measured: written to `.data/bench/results.json` and printed as Markdown. */
export type BenchResults = {
  startedAt: string;
  machine: MachineDescription;
  /** Whether this run had to make the production build first. */
  build: 'current' | 'built';
  measuredSeconds: number;
  scenarios: ScenarioResult[];
  /** Live clients in the database while the admin client list was measured. */
  adminListClients: number;
  floor: ValidationFloor;
  targets: TargetVerdict[];
};
