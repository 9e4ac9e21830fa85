import type { BenchResults } from './bench-results';
import { cpuMsPerRequest } from './cpu-ms-per-request';
import type { ScenarioResult } from './run-scenario';
import type { CpuShares } from './start-cpu-measurement';

// Above this, someone else's work (a build, a test run) competed with the benchmark for the CPU.
const BUSY_MACHINE_CORES = 0.25;
// The CPU groups bench.ts measures, in the order and with the titles the table shows.
const GROUP_TITLES: Record<string, string> = { launcher: 'launcher / directory', apiHost: 'API host', portal: 'portal', peer: 'peer' };

/** The results as Markdown: the load table, product against peer, CPU per role, the in-process floor, and the targets. */
export function formatResults(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}; Node.js ${machine.node}; ${machine.postgres}.`,
    `Each measured phase: at most ${results.measuredSeconds} s, after a discarded warm-up; closed loop, keep-alive connections (mTLS for the API and the peer, the signed-in admin's session for GET /admin/clients, with ${results.adminListClients} live clients in the database). Peer: oidc-provider alone at ${results.peer.url} (${results.peer.adapter}).`,
    '',
    '| scenario | system | conns | req/s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/request | requests | errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...results.scenarios.map((scenario) => {
      const { summary: s } = scenario;
      return `| ${scenario.name} | ${describeSystem(scenario)} | ${scenario.concurrency} | ${s.throughput} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} | ${show(cpuMsPerRequest(scenario))} | ${s.requests} | ${s.errors} |`;
    }),
    '',
    'Product against peer (server CPU: the API host\'s for the product, the peer process\'s for the peer):',
    '',
    '| scenario | conns | product req/s | peer req/s | ratio | product p99 ms | peer p99 ms | product CPU ms/request | peer CPU ms/request | ratio |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...pairs(results.scenarios).map(([product, peer]) => {
      const productCpu = cpuMsPerRequest(product);
      const peerCpu = cpuMsPerRequest(peer);
      return `| ${product.name} | ${product.concurrency} | ${product.summary.throughput} | ${peer.summary.throughput} | ${show(ratio(product.summary.throughput, peer.summary.throughput))} | ${product.summary.p99} | ${peer.summary.p99} | ${show(productCpu)} | ${show(peerCpu)} | ${show(productCpu === null || peerCpu === null ? null : ratio(productCpu, peerCpu))} |`;
    }),
  ];
  const withCpu = results.scenarios.filter((scenario) => scenario.cpu !== null);
  if (withCpu.length > 0) {
    const cores = withCpu[0]?.cpu?.cores ?? 0;
    const groups = Object.keys(GROUP_TITLES);
    lines.push(
      '',
      `CPU during each measured phase, in cores (of ${cores}); "other" is what the rest of the machine used meanwhile:`,
      '',
      `| scenario | system | conns | load generator | ${groups.map((group) => GROUP_TITLES[group]).join(' | ')} | PostgreSQL | PostgreSQL ms/request | other | whole machine |`,
      `|---|---|--:|--:|${groups.map(() => '--:|').join('')}--:|--:|--:|--:|`,
      ...withCpu.map((scenario) => {
        const cpu = scenario.cpu as CpuShares;
        const postgresMs = scenario.summary.throughput > 0 ? round((cpu.postgres * 1000) / scenario.summary.throughput) : null;
        return `| ${scenario.name} | ${describeSystem(scenario)} | ${scenario.concurrency} | ${cpu.loadGenerator} | ${groups.map((group) => cpu.groups[group] ?? 0).join(' | ')} | ${cpu.postgres} | ${show(postgresMs)} | ${otherCores(cpu)} | ${cpu.machine} |`;
      }),
    );
    if (withCpu.some(({ cpu }) => cpu !== null && otherCores(cpu) > BUSY_MACHINE_CORES)) {
      lines.push('', `Warning: other processes used more than ${BUSY_MACHINE_CORES} cores during some phases; those numbers understate both systems.`);
    }
  }
  const { floor } = results;
  lines.push(
    '',
    'In-process floor (one process, sequential, no HTTP/TLS/database):',
    '',
    '| operation | ops/s | mean ms |',
    '|---|--:|--:|',
    `| validateRegistrationRequest (local JWKS, in-memory replay guard) | ${floor.validateRegistration.opsPerSecond} | ${floor.validateRegistration.meanMs} |`,
    `| PS256 verify (jose) | ${floor.ps256Verify.opsPerSecond} | ${floor.ps256Verify.meanMs} |`,
    `| PS256 sign (jose) | ${floor.ps256Sign.opsPerSecond} | ${floor.ps256Sign.meanMs} |`,
    `| a token request's trust checks, warm cache (revoked lists, CA bundle, OCSP status of the transport and signing certificates) | ${floor.trustChecksWarm.opsPerSecond} | ${floor.trustChecksWarm.meanMs} |`,
    `| the same, nothing cached (two OCSP requests, three JWKS reads, local server) | ${floor.trustChecksCold.opsPerSecond} | ${floor.trustChecksCold.meanMs} |`,
    '',
    `A token request's trust checks cost ${show(ratio(floor.trustChecksWarm.meanMs, floor.ps256Verify.meanMs))}× one PS256 verification with a warm cache, ${show(ratio(floor.trustChecksCold.meanMs, floor.ps256Verify.meanMs))}× with none.`,
    '',
    'Targets:',
    '',
    ...results.targets.map((target) => `- ${target.scenario} — ${target.name}: ${target.isMet ? 'met' : 'not met'} (${target.measured})`),
  );
  return lines.join('\n');
}

// Each product scenario with the peer's of the same name and connection count, in the product's order.
function pairs(scenarios: ScenarioResult[]): Array<[ScenarioResult, ScenarioResult]> {
  return scenarios.flatMap((product) => {
    if (product.system !== 'product') return [];
    const peer = scenarios.find((candidate) => candidate.system === 'peer' && candidate.name === product.name && candidate.concurrency === product.concurrency);
    return peer ? [[product, peer] as [ScenarioResult, ScenarioResult]] : [];
  });
}

function describeSystem(scenario: ScenarioResult): string {
  return scenario.system === 'peer' ? 'peer' : `product (${GROUP_TITLES[scenario.server] ?? scenario.server})`;
}

// Whatever the machine did beyond the benchmark's own processes and PostgreSQL.
function otherCores(cpu: CpuShares): number {
  const ours = cpu.loadGenerator + Object.values(cpu.groups).reduce((sum, value) => sum + value, 0) + cpu.postgres;
  return Math.max(0, round(cpu.machine - ours));
}

function ratio(value: number, base: number): number | null {
  return base > 0 ? round(value / base) : null;
}

function show(value: number | null): string {
  return value === null ? '–' : String(round(value));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
