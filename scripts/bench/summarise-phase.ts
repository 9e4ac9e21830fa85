import type { PhaseResult } from './run-phase';

/** A measured phase as the report shows it: throughput, latency percentiles (ms) and errors. */
export type LoadSummary = {
  requests: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
  errorRate: number;
  statuses: Record<string, number>;
  firstError: string | null;
};

/** Summarises a phase: requests per second over its wall time, nearest-rank percentiles of the latencies. */
export function summarisePhase(phase: PhaseResult): LoadSummary {
  const sorted = Float64Array.from(phase.latenciesMs).sort();
  const percentile = (p: number) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0));
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
  return {
    requests: phase.requests,
    seconds: round(phase.elapsedMs / 1000, 2),
    throughput: round(phase.requests / (phase.elapsedMs / 1000)),
    p50: round(percentile(50)),
    p95: round(percentile(95)),
    p99: round(percentile(99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(sorted.length ? total / sorted.length : 0),
    errors: phase.errors,
    errorRate: phase.requests ? round(phase.errors / phase.requests, 4) : 0,
    statuses: phase.statuses,
    firstError: phase.firstError,
  };
}
