import { exportAuditCsv } from '@/lib/audit/export-audit-csv';
import { parseAuditQuery } from '@/lib/audit/parse-audit-query';
import { requireAdmin } from '@/lib/auth/require-admin';

export const dynamic = 'force-dynamic';

/** The audit trail as a CSV download, filtered by the same query parameters as the audit page (admins only). */
export async function GET(request: Request): Promise<Response> {
  const admin = await requireAdmin('/admin/audit');
  const query = parseAuditQuery(new URL(request.url).searchParams);
  if (query.status === 'invalid') {
    return new Response(`${Object.values(query.fieldErrors).join('\n')}\n`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const csv = await exportAuditCsv(admin, query.filters);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="onboard-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
