// Issue 12 part 5: the API host logs one JSON line per request (pino) with its request id, the TPP's
// x-fapi-interaction-id (answered back, as FAPI asks; one of ours when it sent none or not a UUID), the client,
// the outcome and the duration, over real mutual TLS; never the request's body, token or certificate.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiHost, type TestApiHost, type TestSoftware } from '@/lib/api-host/testing/start-test-api-host';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createLogger, replaceLogger } from './logger';

const ACME = '0015800001ACMEPAYS';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let api: TestApiHost;
let acme: TestSoftware;
let lines: string[];

beforeAll(async () => {
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  replaceLogger(createLogger('info', sink));
  api = await startTestApiHost({ RATE_LIMIT_REGISTER_PER_MINUTE: '0', RATE_LIMIT_TOKEN_PER_MINUTE: '0' });
  acme = await api.createSoftware(ACME);
});
useTestDatabase();
afterAll(async () => {
  await api?.close();
});

const requestLines = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'api request');

describe('the API request log', () => {
  it('is one JSON line per request with its ids, client, outcome and duration, and answers the interaction id back', async () => {
    const interactionId = randomUUID();
    const body = await api.signRegistration(acme);
    const registered = await api.send('POST', '/register', { client: acme, headers: { 'content-type': 'application/jwt', 'x-fapi-interaction-id': interactionId }, body });
    expect(registered.status).toBe(201);
    expect(registered.headers['x-fapi-interaction-id']).toBe(interactionId);
    const { client_id: clientId } = registered.body as { client_id: string };

    const token = await api.send('POST', '/token', {
      client: acme,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-fapi-interaction-id': 'not-a-uuid' },
      body: `grant_type=client_credentials&client_id=${clientId}`,
    });
    expect(token.status).toBe(401);
    const ours = token.headers['x-fapi-interaction-id'];
    expect(ours).toMatch(UUID);

    const logged = requestLines();
    expect(logged).toEqual([
      expect.objectContaining({
        level: 30,
        requestId: registered.headers['x-request-id'],
        interactionId,
        endpoint: 'POST /register',
        status: 201,
        outcome: 'ok',
        clientId,
        durationMs: expect.any(Number),
      }),
      expect.objectContaining({ requestId: token.headers['x-request-id'], interactionId: ours, endpoint: 'POST /token', status: 401, outcome: 'refused', clientId }),
    ]);
    // Nothing of what was sent: not the registration JWT, not the certificate.
    const text = lines.join('\n');
    expect(text).not.toContain(body.slice(0, 40));
    expect(text).not.toContain(acme.transport.certificate_pem.split('\n')[1] as string);
  });
});
