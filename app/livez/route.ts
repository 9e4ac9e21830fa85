export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `GET /livez`: the portal process serves (for the orchestrator; it checks nothing else). */
export function GET(): Response {
  return Response.json({ status: 'live' }, { headers: { 'cache-control': 'no-store' } });
}
