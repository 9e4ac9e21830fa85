import { getSql } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { checkReadiness, toReadinessBody } from '@/lib/health/check-readiness';
import { databaseProbes } from '@/lib/health/database-probes';
import { issuerDiscoveryProbe } from '@/lib/health/portal-probes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * `GET /readyz`: 200 when the portal can do its work (the database answers and is migrated), else 503; the sign-in
 * directory and the bank's workforce IdP are reported beside, never fatal.
 */
export async function GET(): Promise<Response> {
  const env = getEnv();
  const readiness = await checkReadiness([
    ...databaseProbes(getSql),
    issuerDiscoveryProbe('directory sign-in', env.directory.issuer),
    issuerDiscoveryProbe('bank sign-in', env.bankIdp.issuer),
  ]);
  return Response.json(toReadinessBody(readiness), { status: readiness.isReady ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
