const MAX_QUOTED_LENGTH = 64;

/**
 * A claim value as a report description echoes it: a short string in double quotes (longer ones cut),
 * anything else by its JSON type only. Never use it on a token, key or secret.
 */
export function quoteValue(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;
  return JSON.stringify(value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value);
}
