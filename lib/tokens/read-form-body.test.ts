import { describe, expect, it } from 'vitest';
import { readFormBody } from './read-form-body';

const form = 'application/x-www-form-urlencoded';

function request(body: BodyInit | null, headers: Record<string, string> = { 'content-type': form }): Request {
  return new Request('https://mtls.bank.example/token', { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

describe('readFormBody', () => {
  it('reads a form, decoding "+" and percent escapes', async () => {
    const result = await readFormBody(request('grant_type=client_credentials&scope=accounts+payments&x=%C3%A9'), 64);
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    expect(Object.fromEntries(result.params)).toEqual({ grant_type: 'client_credentials', scope: 'accounts payments', x: 'é' });
  });

  it('reads an empty body as an empty form', async () => {
    const result = await readFormBody(request(null), 64);
    expect(result.status === 'read' && [...result.params]).toEqual([]);
  });

  it.each([
    ['no content type', {}],
    ['JSON', { 'content-type': 'application/json' }],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
  ])('refuses %s', async (_, headers) => {
    expect(await readFormBody(request('a=b', headers), 64)).toEqual({
      status: 'failed',
      code: 'invalid_request',
      description: '"Content-Type" must be application/x-www-form-urlencoded',
    });
  });

  it('accepts the media type in any case, with parameters', async () => {
    expect(await readFormBody(request('a=b', { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=utf-8' }), 64)).toMatchObject({ status: 'read' });
  });

  it('refuses a body over the cap, declared or streamed, and accepts one at the cap', async () => {
    const tooLarge = { status: 'failed', code: 'payload_too_large', description: 'the request body exceeds 1 KiB' };
    expect(await readFormBody(request(`a=${'x'.repeat(1022)}`), 1024)).toMatchObject({ status: 'read' });
    expect(await readFormBody(request(`a=${'x'.repeat(1023)}`), 1024)).toEqual(tooLarge);
    expect(await readFormBody(request('a=1', { 'content-type': form, 'content-length': '1025' }), 1024)).toEqual(tooLarge);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode('a'.repeat(256)));
      },
    });
    expect(await readFormBody(request(endless), 1024)).toEqual(tooLarge);
    expect(pulled).toBeLessThan(8);
  });

  it('refuses a parameter sent twice (RFC 6749 §3.2)', async () => {
    expect(await readFormBody(request('scope=a&grant_type=x&scope=b'), 64)).toEqual({ status: 'failed', code: 'invalid_request', description: '"scope" must not be repeated' });
  });
});
