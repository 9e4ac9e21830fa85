import { request as requestHttp, type Agent, type OutgoingHttpHeaders } from 'node:http';
import { request as requestHttps } from 'node:https';

/** One request of a phase: a path on the target origin, its headers and body (a POST), or none (a GET); any 2xx succeeds unless `expectedStatus` says otherwise. */
export type RequestSpec = { path: string; headers: OutgoingHttpHeaders; body?: Buffer; expectedStatus?: number };

/** How a phase runs: `concurrency` workers, each sending its next request as soon as the last one answered. */
export type PhaseOptions = {
  agent: Agent;
  origin: URL;
  concurrency: number;
  /** The phase ends at whichever comes first: this many requests sent, or `maxDurationMs` passed (in-flight ones finish). */
  maxRequests: number;
  maxDurationMs: number;
  requestAt: (index: number) => RequestSpec;
};

/** What a phase measured: per-request latencies, errors (non-2xx or no answer) and the wall time. */
export type PhaseResult = {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  /** The first error's status and body (bodies of API errors are short and echo no secret), for the report. */
  firstError: string | null;
  elapsedMs: number;
  latenciesMs: Float64Array;
};

/** Runs a closed-loop load phase: each worker sends, waits for the whole answer, records the latency, repeats. */
export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const latencies = new Float64Array(options.maxRequests);
  const statuses: Record<string, number> = {};
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.maxDurationMs;

  const worker = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const index = issued;
      issued += 1;
      const spec = options.requestAt(index);
      const sent = performance.now();
      const answer = await send(options, spec);
      latencies[completed] = performance.now() - sent;
      completed += 1;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (!answer.isSuccess) {
        errors += 1;
        firstError ??= `${answer.status} ${answer.text}`.slice(0, 300);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { requests: completed, errors, statuses, firstError, elapsedMs: performance.now() - started, latenciesMs: latencies.subarray(0, completed) };
}

type Answer = { status: string; isSuccess: boolean; text: string };

function send(options: PhaseOptions, spec: RequestSpec): Promise<Answer> {
  return new Promise((resolve) => {
    const request = options.origin.protocol === 'https:' ? requestHttps : requestHttp;
    const outgoing = request(
      {
        agent: options.agent,
        protocol: options.origin.protocol,
        hostname: options.origin.hostname.replace(/^\[|\]$/g, ''),
        port: options.origin.port,
        method: spec.body ? 'POST' : 'GET',
        path: spec.path,
        headers: spec.body ? { ...spec.headers, 'content-length': spec.body.length } : spec.headers,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const isSuccess = spec.expectedStatus === undefined ? status >= 200 && status < 300 : status === spec.expectedStatus;
        // A success's body is read and dropped; only an error's is kept.
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          if (!isSuccess) chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: String(status), isSuccess, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? 'error', isSuccess: false, text: error.message }));
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? 'error', isSuccess: false, text: error.message }));
    outgoing.end(spec.body);
  });
}
