import type { MachineDescription } from './describe-machine';
import type { ValidationFloor } from './measure-validation-floor';
import type { ScenarioResult } from './run-scenario';

/** One of the targets, what the run measured against it, and whether it was met. */
export type TargetVerdict = { name: string; scenario: string; isMet: boolean; measured: string };

/** Everything one `npm run bench` measured: written to `.data/bench/results.json` and printed as Markdown. */
export type BenchResults = {
  startedAt: string;
  machine: MachineDescription;
  /** Whether this run had to make the production build first. */
  build: 'current' | 'built';
  measuredSeconds: number;
  /** The peer authorization server the product is compared with, and how it stores what oidc-provider stores. */
  peer: { url: string; adapter: string };
  scenarios: ScenarioResult[];
  /** Live clients in the database while the admin client list was measured. */
  adminListClients: number;
  floor: ValidationFloor;
  targets: TargetVerdict[];
};
