import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';

import type { BenchSettings } from './bench-settings';
import { runPhase, type RequestSpec } from './run-phase';
import { startCpuMeasurement, type CpuShares } from './start-cpu-measurement';
import { summarisePhase, type LoadSummary } from './summarise-phase';

/** Which system a scenario loads: Onboard, or the peer authorization server it is compared with. */
export type BenchSystem = 'product' | 'peer';

/** One load scenario: an endpoint and a way to make `count` requests for it (signed beforehand when they need signing). */
export type Scenario = {
  /** The same name on the product and the peer for the same work: the comparison pairs them by it. */
  name: string;
  system: BenchSystem;
  /** The CPU group (a key of `cpuGroups`) whose process serves the requests: its CPU per request is reported. */
  server: string;
  concurrency: number;
  prepare: (count: number) => Promise<(index: number) => RequestSpec>;
  /** Where the requests go, when not to the mTLS origin (the admin console is on the portal's own origin). */
  origin?: URL;
};

/** A scenario's outcome: the measured phase's summary and who used the CPU meanwhile. */
export type ScenarioResult = {
  name: string;
  system: BenchSystem;
  server: string;
  concurrency: number;
  warmup: { requests: number; throughput: number; errors: number };
  /** Requests prepared for the measured phase; when all were sent before the time limit, the phase ended by count. */
  prepared: number;
  summary: LoadSummary;
  cpu: CpuShares | null;
};

// The measured phase gets twice the requests the warm-up rate predicts: a warm process runs faster than a cold one.
const PREPARE_MARGIN = 2;

/** Runs one scenario: a discarded warm-up, then a measured phase bounded by time and request count, with CPU sampled. */
export async function runScenario(
  scenario: Scenario,
  context: { settings: BenchSettings; origin: URL; tls: AgentOptions; cpuGroups: Record<string, number[]> },
): Promise<ScenarioResult> {
  const { settings } = context;
  const { concurrency } = scenario;
  const origin = scenario.origin ?? context.origin;
  const sockets = { keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency };
  const agent = origin.protocol === 'https:' ? new HttpsAgent({ ...context.tls, ...sockets }) : new HttpAgent(sockets);
  try {
    // The warm-up opens the TLS connections and fills the portal's JWKS and signing-key caches; it is discarded.
    const warmupRequests = Math.max(settings.warmup.maxRequests, concurrency * 2);
    const warmup = await runPhase({ agent, origin, concurrency, maxRequests: warmupRequests, maxDurationMs: settings.warmup.maxDurationMs, requestAt: await scenario.prepare(warmupRequests) });
    const warmupRate = warmup.requests / (warmup.elapsedMs / 1000);
    const expected = Math.ceil(warmupRate * (settings.measured.maxDurationMs / 1000) * PREPARE_MARGIN);
    const prepared = Math.min(settings.measured.maxRequests, Math.max(expected, 500));
    // Preparing (signing) may outlast the server's keep-alive timeout: a short second warm-up re-opens those connections.
    const rewarm = concurrency * 2;
    const requestAt = await scenario.prepare(rewarm + prepared);
    await runPhase({ agent, origin, concurrency, maxRequests: rewarm, maxDurationMs: settings.warmup.maxDurationMs, requestAt });

    const cpu = startCpuMeasurement(context.cpuGroups);
    const measured = await runPhase({
      agent,
      origin,
      concurrency,
      maxRequests: prepared,
      maxDurationMs: settings.measured.maxDurationMs,
      requestAt: (index) => requestAt(rewarm + index),
    });
    return {
      name: scenario.name,
      system: scenario.system,
      server: scenario.server,
      concurrency,
      warmup: { requests: warmup.requests, throughput: Math.round(warmupRate), errors: warmup.errors },
      prepared,
      summary: summarisePhase(measured),
      cpu: cpu.stop(),
    };
  } finally {
    agent.destroy();
  }
}
