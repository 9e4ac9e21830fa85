const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino level, as `LOG_LEVEL` names it. */
export type LogLevel = (typeof LEVELS)[number];

/** Whether a value is a pino level (`LOG_LEVEL`'s schema). */
export function isLogLevel(value: string): value is LogLevel {
  return (LEVELS as readonly string[]).includes(value);
}
