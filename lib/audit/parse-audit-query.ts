import { z } from 'zod';
import { isStorableText } from '@/lib/db/is-storable-text';
import type { AuditEventFilters } from './build-audit-event-where';

const ACTOR_TYPES = ['tpp_user', 'admin', 'client', 'system', 'anonymous'] as const;

// Free text the trail is searched by. PostgreSQL text holds no NUL: a filter with one could match nothing, and the query
// fails. (URLSearchParams turns a lone surrogate into U+FFFD, so NUL is all that can arrive here.)
const filterText = (name: string) =>
  z
    .string()
    .max(200, `"${name}" is too long`)
    .refine(isStorableText, `"${name}" holds a NUL character`);

// A whole UTC day, in the years PostgreSQL and Date both hold: PostgreSQL has no year 0 (0000-01-01 failed the query).
const filterDate = (name: string) =>
  z.iso
    .date(`"${name}" must be a date (YYYY-MM-DD)`)
    .refine((date) => date >= '0001-01-01' && date <= '9999-12-31', `"${name}" must be a date from 0001-01-01 to 9999-12-31`);

const AuditQuerySchema = z
  .object({
    action: z.string().max(100).regex(/^[A-Za-z0-9_.:-]+\*?$/, '"action" must be an action name or a prefix of one, e.g. client.registered or client').optional(),
    actorType: z.enum(ACTOR_TYPES, `"actorType" must be one of ${ACTOR_TYPES.join(', ')}`).optional(),
    actorId: filterText('actorId').optional(),
    clientId: filterText('clientId').optional(),
    organisationId: filterText('organisationId').optional(),
    q: filterText('q').optional(),
    from: filterDate('from').optional(),
    to: filterDate('to').optional(),
    before: z.string().regex(/^[1-9][0-9]{0,17}$/, '"before" must be an event id').optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: '"from" must not be after "to"', path: ['to'] });

/** The query parameters the audit page and the CSV export understand. */
export type AuditQueryField = keyof z.infer<typeof AuditQuerySchema>;

/** Audit filters and page cursor read from a URL query; `values` echoes what was given (trimmed) for the form. */
export type AuditQuery =
  | { status: 'valid'; filters: AuditEventFilters; before: bigint | null; values: Partial<Record<AuditQueryField, string>> }
  | { status: 'invalid'; fieldErrors: Partial<Record<AuditQueryField, string>>; values: Partial<Record<AuditQueryField, string>> };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads the audit filters from query parameters; empty ones are ignored, dates are whole UTC days (`to` inclusive). */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const values: Partial<Record<AuditQueryField, string>> = {};
  for (const field of Object.keys(AuditQuerySchema.shape) as AuditQueryField[]) {
    const value = params.get(field)?.trim();
    if (value) values[field] = value;
  }
  const parsed = AuditQuerySchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<AuditQueryField, string>> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path[0] as AuditQueryField] ??= issue.message;
    return { status: 'invalid', fieldErrors, values };
  }
  const { q, from, to, before, ...exact } = parsed.data;
  const filters: AuditEventFilters = { ...exact, search: q };
  if (from) filters.from = new Date(`${from}T00:00:00.000Z`);
  if (to) filters.to = new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS);
  for (const key of Object.keys(filters) as (keyof AuditEventFilters)[]) if (filters[key] === undefined) delete filters[key];
  return { status: 'valid', filters, before: before ? BigInt(before) : null, values };
}
