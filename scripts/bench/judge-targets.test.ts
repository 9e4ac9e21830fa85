import { describe, expect, it } from 'vitest';

import type { BenchTargets } from './bench-settings';
import { judgeTargets, SCENARIO_NAMES } from './judge-targets';
import type { ScenarioResult } from './run-scenario';

const TARGETS: BenchTargets = { connections: 16, tokenThroughputOfPeer: 0.9, tokenP99Ms: 50, floorThroughputOfPeer: 0.8, registrationApiHostCpuMs: 4, registrationP99Ms: 100 };

function scenario(name: string, system: ScenarioResult['system'], throughput: number, p99: number, serverCores: number, concurrency = 16): ScenarioResult {
  const server = system === 'peer' ? 'peer' : 'apiHost';
  return {
    name,
    system,
    server,
    concurrency,
    warmup: { requests: 0, throughput: 0, errors: 0 },
    prepared: 0,
    summary: { requests: 0, seconds: 10, throughput, p50: 0, p95: 0, p99, max: 0, mean: 0, errors: 0, errorRate: 0, statuses: {}, firstError: null },
    cpu: { loadGenerator: 0, groups: { [server]: serverCores }, postgres: 0, machine: 0, cores: 2 },
  };
}

const peerRuns = [
  scenario(SCENARIO_NAMES.tokenTlsClientAuth, 'peer', 1000, 20, 1),
  scenario(SCENARIO_NAMES.tokenPrivateKeyJwt, 'peer', 1000, 20, 1),
  scenario(SCENARIO_NAMES.floor, 'peer', 2000, 10, 1),
];

describe('judgeTargets', () => {
  // tokens/s, token p99, floor/s, registration p99, API-host cores at 100 registrations/s → the four verdicts.
  it.each([
    ['every target met at the boundary', 900, 50, 1600, 100, 0.36, [true, true, true, true]],
    ['tokens below 0.9× the peer', 899, 50, 1600, 100, 0.36, [false, false, true, true]],
    ['token p99 above 50 ms', 900, 50.1, 1600, 100, 0.36, [false, false, true, true]],
    ['the floor below 0.8× the peer', 900, 50, 1599, 100, 0.36, [true, true, false, true]],
    // 0.41 cores at 100 registrations/s: 4.1 ms of API-host CPU each.
    ['registrations over 4 ms of API-host CPU', 900, 50, 1600, 100, 0.41, [true, true, true, false]],
    ['registration p99 above 100 ms', 900, 50, 1600, 100.1, 0.36, [true, true, true, false]],
  ])('%s', (_label, tokens, tokenP99, floor, registrationP99, registrationCores, expected) => {
    const verdicts = judgeTargets(
      [
        ...peerRuns,
        scenario(SCENARIO_NAMES.tokenTlsClientAuth, 'product', tokens, tokenP99, 1),
        scenario(SCENARIO_NAMES.tokenPrivateKeyJwt, 'product', tokens, tokenP99, 1),
        scenario(SCENARIO_NAMES.floor, 'product', floor, 10, 1),
        scenario(SCENARIO_NAMES.register, 'product', 100, registrationP99, registrationCores),
      ],
      TARGETS,
    );
    expect(verdicts.map(({ isMet }) => isMet)).toEqual(expected);
  });

  it('judges at the targets\' connection count only, and says so when a scenario is missing', () => {
    const verdicts = judgeTargets([...peerRuns.map((run) => ({ ...run, concurrency: 64 })), scenario(SCENARIO_NAMES.register, 'product', 100, 10, 0.1, 64)], TARGETS);
    expect(verdicts.map(({ isMet, measured }) => ({ isMet, measured }))).toEqual(Array.from({ length: 4 }, () => ({ isMet: false, measured: 'not measured' })));
  });

  it('reports the ratio and both p99s for a target against the peer', () => {
    const [verdict] = judgeTargets([peerRuns[0] as ScenarioResult, scenario(SCENARIO_NAMES.tokenTlsClientAuth, 'product', 950, 30, 1)], TARGETS);
    expect(verdict).toEqual({
      name: "≥ 0.9× the peer's throughput with p99 ≤ 50 ms at 16 connections",
      scenario: SCENARIO_NAMES.tokenTlsClientAuth,
      isMet: true,
      measured: '950 vs 1000 req/s = 0.95×, p99 30 ms (peer 20 ms)',
    });
  });
});
