import { expect, test } from './support/fixtures';
import { E2E } from './support/e2e-environment';

// Issue 12 part 3: the probes of the running product, as an orchestrator reads them: the portal's on its own port,
// the API host's on its plain listener (API_ADDRESS).

test('the portal and the API host are live and ready, each check saying what it found', async ({ request }) => {
  for (const base of [E2E.portalUrl, E2E.apiPlainUrl]) {
    const live = await request.get(`${base}/livez`);
    expect(live.status(), base).toBe(200);
    expect(await live.json()).toEqual({ status: 'live' });
  }

  const portal = await request.get(`${E2E.portalUrl}/readyz`);
  expect(portal.status()).toBe(200);
  expect(portal.headers()['cache-control']).toBe('no-store');
  expect(await portal.json()).toEqual({
    status: 'ready',
    checks: [
      { name: 'database', status: 'pass', detail: 'answers' },
      { name: 'migrations', status: 'pass', detail: expect.stringMatching(/^\d+ applied$/) },
      { name: 'directory sign-in', status: 'pass', detail: 'discovery answers' },
      { name: 'bank sign-in', status: 'pass', detail: 'discovery answers' },
    ],
  });

  const api = await request.get(`${E2E.apiPlainUrl}/readyz`);
  expect(api.status()).toBe(200);
  expect((await api.json()) as { status: string; checks: { name: string; status: string }[] }).toMatchObject({
    status: 'ready',
    checks: [
      { name: 'database', status: 'pass' },
      { name: 'migrations', status: 'pass' },
      { name: 'rate limit store', status: 'pass' },
      { name: 'directory keys (sandbox)', status: 'pass' },
      { name: 'signing keys', status: 'pass' },
    ],
  });
});

test("the API host's metrics are served at METRICS_ADDRESS, and nowhere a TPP or the terminator reaches", async ({ request }) => {
  const answer = await request.get(E2E.metricsUrl);
  expect(answer.status()).toBe(200);
  const text = await answer.text();
  expect(text).toMatch(/^# TYPE onboard_api_request_duration_seconds histogram$/m);
  expect(text).toMatch(/^onboard_process_cpu_seconds_total /m);
  // Not on the API host's own listeners.
  expect((await request.get(`${E2E.apiPlainUrl}/metrics`)).status()).toBe(404);
});
