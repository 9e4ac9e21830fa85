// Issue 12 part 4: the API host's metrics as Prometheus reads them at METRICS_ADDRESS, after real requests over
// mutual TLS: registrations accepted and refused by error code, tokens issued and refused, 429s, directory fetches,
// the provisioning queue and the re-check; never a client id, certificate or address in a label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiHost, type TestApiHost, type TestSoftware } from '@/lib/api-host/testing/start-test-api-host';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { outcomeOf } from './metrics';
import { processMetrics, startMetricsServer, type MetricsServer } from './start-metrics-server';

const ACME = '0015800001ACMEPAYS';
let api: TestApiHost;
let acme: TestSoftware;
let metrics: MetricsServer;

beforeAll(async () => {
  api = await startTestApiHost({ RATE_LIMIT_REGISTER_PER_MINUTE: '3', RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
  acme = await api.createSoftware(ACME);
  metrics = await startMetricsServer({ host: '127.0.0.1', port: 0 }, processMetrics());
});
useTestDatabase();
afterAll(async () => {
  await metrics?.close();
  await api?.close();
});

/** The value of one sample of the exposition text, or null when absent. */
function sample(text: string, line: string): number | null {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? null : Number(found.slice(line.length + 1));
}

describe('outcomeOf', () => {
  it.each([
    [201, null, 'ok'],
    [204, null, 'ok'],
    [429, '{"error":"too_many_requests"}', 'rate_limited'],
    [500, '{"error":"server_error"}', 'error'],
    [400, '{"error":"invalid_software_statement","error_description":"…"}', 'refused:invalid_software_statement'],
    [401, null, 'refused'],
    [400, '{"error":"Not A Code; drop table"}', 'refused'],
    [400, 'not json', 'refused'],
  ])('%i %s → %s', (status, body, outcome) => {
    expect(outcomeOf(status, body)).toBe(outcome);
  });
});

describe('the metrics', () => {
  it('count and time each endpoint by outcome, and are served at METRICS_ADDRESS only', async () => {
    const registered = await api.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt' }, body: await api.signRegistration(acme) });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = registered.body as { client_id: string };
    expect((await api.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt' }, body: 'not a jwt' })).status).toBe(400);
    expect((await api.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt' }, body: 'not a jwt' })).status).toBe(400);
    expect((await api.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt' }, body: 'x' })).status).toBe(429);
    const form = { client: acme, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${clientId}` };
    expect((await api.send('POST', '/token', form)).status).toBe(401);

    const answer = await fetch(`${metrics.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    const count = (endpoint: string, outcome: string) => sample(text, `onboard_api_request_duration_seconds_count{endpoint="${endpoint}",outcome="${outcome}"}`);
    expect(count('POST /register', 'ok')).toBe(1);
    expect(count('POST /register', 'refused:invalid_client_metadata')).toBe(2);
    expect(count('POST /register', 'rate_limited')).toBe(1);
    expect(count('POST /token', 'refused')).toBe(1);
    expect(sample(text, 'onboard_token_refusals_total{error="invalid_client"}')).toBe(1);
    // The registration read the software JWKS from the directory.
    expect(sample(text, 'onboard_outbound_fetch_duration_seconds_count{kind="jwks",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'onboard_provisioning_queue_depth')).toBe(0);
    expect(text).toContain('onboard_process_cpu_seconds_total');
    // Nothing that names a client, a certificate or an address.
    expect(text).not.toContain(clientId);
    expect(text).not.toContain(acme.software_id);
    expect(text).not.toContain('127.0.0.1');

    expect((await fetch(`${metrics.url}/other`)).status).toBe(404);
    expect((await api.send('GET', '/metrics', { client: acme })).status).toBe(404);
    expect((await api.sendDirect('GET', '/metrics', { headers: api.terminatorHeaders(acme, '192.0.2.1') })).status).toBe(404);
  });
});
