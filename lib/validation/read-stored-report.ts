import { z } from 'zod';
import type { ValidationReport } from './report';

const storedReportSchema = z.object({
  ok: z.boolean(),
  entries: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      outcome: z.enum(['pass', 'fail', 'not_run']),
      claim: z.string().optional(),
      code: z.enum(['invalid_redirect_uri', 'invalid_client_metadata', 'invalid_software_statement', 'unapproved_software_statement']),
      description: z.string().optional(),
      hint: z.string(),
    }),
  ),
});

/** A report as stored with a client (JSON column), or null when there is none or it is not a report. */
export function readStoredReport(value: unknown): ValidationReport | null {
  const parsed = storedReportSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
