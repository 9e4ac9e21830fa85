import { z } from 'zod';
import { isStorableText } from '@/lib/db/is-storable-text';
import { ClientStatus, CreationMethod } from '@/lib/generated/prisma/enums';

/** Clients per page of the admin list. */
export const ADMIN_CLIENTS_PAGE_SIZE = 50;

// A search box left empty sends "": that is no filter, not a filter on "". PostgreSQL text holds no NUL: a filter with
// one could match nothing, and the query fails.
const optionalText = z
  .string()
  .trim()
  .max(200)
  .refine(isStorableText, 'a filter holds a NUL character or an unpaired surrogate')
  .optional()
  .transform((value) => (value ? value : undefined));

/** The admin client list's filters and page, as GET parameters (all optional). */
export const listClientsQuerySchema = z.object({
  /** Organisation name or directory id, any part, any case. */
  organisation: optionalText,
  /** Exact software id. */
  softwareId: optionalText,
  /** Exact environment, e.g. sandbox or production. */
  environment: optionalText,
  method: z.preprocess((value) => (value === '' ? undefined : value), z.enum(CreationMethod).optional()),
  status: z.preprocess((value) => (value === '' ? undefined : value), z.enum(ClientStatus).optional()),
  /**
   * Trust over time: `rechecked` — suspended by the trust re-check (a revoked certificate); `expiring` — every kept
   * certificate ends within 30 days (or has ended).
   */
  trust: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['rechecked', 'expiring']).optional()),
  /** Any part of the client id, any case. */
  q: optionalText,
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

/** Validated filters of the admin client list. */
export type ListClientsQuery = z.output<typeof listClientsQuerySchema>;
