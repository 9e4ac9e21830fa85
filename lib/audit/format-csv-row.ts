// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"); tab and
// carriage return are on OWASP's list because some spreadsheets skip them before looking.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * One CSV record, CRLF-terminated (RFC 4180): fields holding a comma, quote, CR or LF are quoted with
 * inner quotes doubled; null is an empty field; a field a spreadsheet would evaluate is prefixed with `'`.
 */
export function formatCsvRow(fields: readonly (string | null)[]): string {
  return `${fields.map(formatField).join(',')}\r\n`;
}

function formatField(field: string | null): string {
  if (field === null) return '';
  const safe = FORMULA_TRIGGER.test(field) ? `'${field}` : field;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
