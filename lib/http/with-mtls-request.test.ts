import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { getRequestId } from './get-request-id';
import { MTLS_PROXY_SECRET_HEADER } from './read-forwarded-certificate';
import { withMtlsRequest } from './with-mtls-request';

const SECRET = 'a-test-proxy-secret-of-at-least-32-characters';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const noParams = { params: Promise.resolve({}) };

beforeAll(() => {
  vi.stubEnv('MTLS_PROXY_SECRET', SECRET);
  vi.stubEnv('RATE_LIMIT_TOKEN_PER_MINUTE', '0');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

// The root proxy skips the mTLS API, so the wrapper gives each request its id: for the answer and the audit trail.
describe('withMtlsRequest request ids', () => {
  const seen: Array<string | null> = [];
  const handler = withMtlsRequest('POST /token', async () => {
    // Read after an await, as the audit trail reads it deep inside a handler.
    await new Promise((resolve) => setTimeout(resolve, 1));
    seen.push(await getRequestId());
    return Response.json({ ok: true });
  });
  const post = (headers: Record<string, string>) => handler(new Request('http://portal.test/api/mtls/token', { method: 'POST', headers }), noParams);

  it('gives every request a fresh id of its own, the same in the answer and in the handler, never the client\'s', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => post({ [MTLS_PROXY_SECRET_HEADER]: SECRET, 'x-request-id': 'client-chosen' })));
    const ids = answers.map((answer) => answer.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('answers a request that bypassed the terminator with an id too', async () => {
    const refused = await post({});
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-request-id')).toMatch(UUID);
  });

  it('leaves no id behind outside a request', async () => {
    expect(await getRequestId()).toBeNull();
  });
});
