import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { jsonAnswer } from './api-answer';
import { fromWebRequest } from './api-request';
import { getRequestId } from './get-request-id';
import { withMtlsRequest } from './with-mtls-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const connection = { certificatePem: null, clientAddress: '192.0.2.1' };

beforeAll(() => {
  vi.stubEnv('RATE_LIMIT_TOKEN_PER_MINUTE', '0');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

// The API host is no Next.js app: the wrapper gives each request its id: for the answer and the audit trail.
describe('withMtlsRequest request ids', () => {
  const seen: Array<string | null> = [];
  const handler = withMtlsRequest('POST /token', async () => {
    // Read after an await, as the audit trail reads it deep inside a handler.
    await new Promise((resolve) => setTimeout(resolve, 1));
    seen.push(await getRequestId());
    return jsonAnswer(200, { ok: true });
  });
  const post = (headers: Record<string, string>, from: typeof connection | null = connection) =>
    handler(fromWebRequest(new Request('https://api.test/token', { method: 'POST', headers })), from, {});

  it('gives every request a fresh id of its own, the same in the answer and in the handler, never the client\'s', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => post({ 'x-request-id': 'client-chosen' })));
    const ids = answers.map((answer) => answer.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('answers a request that bypassed the terminator with an id too', async () => {
    const refused = await post({}, null);
    expect(refused.status).toBe(403);
    expect(refused.headers['x-request-id']).toMatch(UUID);
  });

  it('leaves no id behind outside a request', async () => {
    expect(await getRequestId()).toBeNull();
  });
});
