import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { createGuardedRequest } from './guarded-request';
import { JwksFetchError } from './jwks-fetch-error';

let server: TestJwksServer;
beforeAll(async () => {
  server = await startJwksServer();
});
afterAll(() => server.close());

describe('createGuardedRequest', () => {
  it('POSTs a binary body and answers the binary body and media type of the 200', async () => {
    const seen: { method?: string; type?: string; body?: Buffer } = {};
    server.serve('/ocsp', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        Object.assign(seen, { method: request.method, type: request.headers['content-type'], body: Buffer.concat(chunks) });
        response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x00, 0xff]));
      });
    });
    const request = createGuardedRequest({ allowedHosts: [server.host], timeoutMs: 1_000, maxBytes: 64, label: 'OCSP' });
    const answer = await request(server.url('/ocsp'), {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: new Uint8Array([1, 2, 3, 0, 255]),
    });
    expect(seen).toEqual({ method: 'POST', type: 'application/ocsp-request', body: Buffer.from([1, 2, 3, 0, 255]) });
    expect(Buffer.from(answer.bytes)).toEqual(Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x00, 0xff]));
    expect(answer.contentType).toBe('application/ocsp-response');
  });

  it.each([
    ['a host not on the allow-list', () => `http://localhost:${server.port}/crl`, 'url_refused', () => `CRL host "localhost:${server.port}" is not allowed`],
    ['an answer over the cap', () => server.url('/big.crl'), 'too_large', () => 'CRL response exceeds 64 bytes'],
    ['an error status', () => server.url('/missing.crl'), 'http_status', () => 'CRL endpoint answered HTTP 404, expected 200'],
  ])('names what it fetches when it refuses %s', async (_label, url, reason, message) => {
    server.serve('/big.crl', { body: 'x'.repeat(100) });
    const request = createGuardedRequest({ allowedHosts: [server.host], timeoutMs: 1_000, maxBytes: 64, label: 'CRL' });
    const error = await request(url()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwksFetchError);
    expect(error).toMatchObject({ reason, message: message() });
  });
});
