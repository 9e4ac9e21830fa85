import type { BenchResults } from './bench-results';
import type { CpuShares } from './start-cpu-measurement';

// Above this, someone else's work (a build, a test run) competed with the benchmark for the CPU.
const BUSY_MACHINE_CORES = 0.25;

/** The results as Markdown: the machine, the load table, CPU use per role, the in-process floor, and the targets. */
export function formatResults(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}; Node.js ${machine.node}; ${machine.postgres}.`,
    `Each measured phase: at most ${results.measuredSeconds} s, after a discarded warm-up; closed loop, keep-alive connections (mTLS for the API, the signed-in admin's session for GET /admin/clients, with ${results.adminListClients} live clients in the database).`,
    '',
    '| scenario | conns | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | errors |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...results.scenarios.map(({ name, concurrency, summary: s }) =>
      `| ${name} | ${concurrency} | ${s.throughput} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} | ${s.requests} | ${s.errors} |`,
    ),
  ];
  const withCpu = results.scenarios.filter((scenario) => scenario.cpu !== null);
  if (withCpu.length > 0) {
    const cores = withCpu[0]?.cpu?.cores ?? 0;
    lines.push(
      '',
      `CPU during each measured phase, in cores (of ${cores}); "other" is what the rest of the machine used meanwhile:`,
      '',
      '| scenario | conns | load generator | launcher (mTLS terminator, directory) | Next.js | Next.js ms CPU/request | PostgreSQL | other | whole machine |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...withCpu.map(({ name, concurrency, cpu, summary }) => {
        if (cpu === null) return '';
        const nextjs = cpu.groups.nextjs ?? 0;
        const perRequest = summary.throughput > 0 ? round((nextjs * 1000) / summary.throughput) : 0;
        return `| ${name} | ${concurrency} | ${cpu.loadGenerator} | ${cpu.groups.launcher} | ${nextjs} | ${perRequest} | ${cpu.postgres} | ${otherCores(cpu)} | ${cpu.machine} |`;
      }),
    );
    if (withCpu.some(({ cpu }) => cpu !== null && otherCores(cpu) > BUSY_MACHINE_CORES)) {
      lines.push('', `Warning: other processes used more than ${BUSY_MACHINE_CORES} cores during some phases; those numbers understate the product.`);
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
    '',
    'Targets:',
    '',
    ...results.targets.map((target) => `- ${target.name} — ${target.scenario}: ${target.isMet ? 'met' : 'not met'} (${target.throughput} req/s, p99 ${target.p99Ms} ms)`),
  );
  return lines.join('\n');
}

// Whatever the machine did beyond the benchmark's own processes and PostgreSQL.
function otherCores(cpu: CpuShares): number {
  const ours = cpu.loadGenerator + Object.values(cpu.groups).reduce((sum, value) => sum + value, 0) + cpu.postgres;
  return Math.max(0, round(cpu.machine - ours));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
