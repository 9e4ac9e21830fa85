// No `server-only`: the API host runs under tsx in plain Node.
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { isLogLevel, type LogLevel } from './log-level';


const globalForLogger = globalThis as typeof globalThis & { onboardLogger?: Logger };

/**
 * The process's logger: pino, JSON, one line per event on stdout, at `LOG_LEVEL` (default `info`). Events carry
 * ids and outcomes, never a token, key, secret or request body; the header names that could hold one are redacted
 * should an object carrying them ever be logged.
 */
export function getLogger(): Logger {
  globalForLogger.onboardLogger ??= createLogger(readLevel(process.env.LOG_LEVEL));
  return globalForLogger.onboardLogger;
}

/** A logger as the process's is made, writing to `destination` (stdout by default). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid, service: 'onboard' },
    redact: { paths: ['authorization', 'cookie', '*.authorization', '*.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Makes `logger` the process's (a test that reads what is logged); returns the one it replaced. */
export function replaceLogger(logger: Logger): Logger | undefined {
  const previous = globalForLogger.onboardLogger;
  globalForLogger.onboardLogger = logger;
  return previous;
}

function readLevel(value: string | undefined): LogLevel {
  return value !== undefined && isLogLevel(value) ? value : 'info';
}

// FAPI 1.0 Baseline 6.2.1 (and OB): an RFC 4122 UUID; anything else is replaced by one of ours.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The TPP's `x-fapi-interaction-id` when it is a UUID, else a new one: answered back, and logged with the request. */
export function interactionIdOf(sent: string | null | undefined): string {
  return typeof sent === 'string' && UUID.test(sent) ? sent : randomUUID();
}

/** One API request, as its log line carries it. */
export type ApiRequestLog = {
  requestId: string;
  interactionId: string;
  endpoint: string;
  status: number;
  outcome: string;
  durationMs: number;
  clientId?: string | null;
};

/** Logs one API request (`msg: "api request"`): at `info`, or `warn` for a 5xx. */
export function logApiRequest(entry: ApiRequestLog): void {
  const { clientId, ...rest } = entry;
  const line = { ...rest, durationMs: Math.round(entry.durationMs * 10) / 10, ...(clientId ? { clientId } : {}) };
  if (entry.status >= 500) getLogger().warn(line, 'api request');
  else getLogger().info(line, 'api request');
}

// The client a request to the authorization server authenticated as (or claimed), once the server knows it.
const clientsOfRequests = new WeakMap<object, string>();

/** Notes the client of an authorization server request (`req`), for its log line. */
export function noteRequestClient(req: object, clientId: string | undefined): void {
  if (clientId) clientsOfRequests.set(req, clientId.slice(0, 100));
}

/** The client noted for a request, if any. */
export function requestClientOf(req: object): string | null {
  return clientsOfRequests.get(req) ?? null;
}
