const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A timestamp as the admin console shows it: medium date, short time, UTC. */
export function formatDateTime(date: Date): string {
  return `${DATE_TIME.format(date)} UTC`;
}
