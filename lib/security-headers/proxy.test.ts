import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

// proxy.ts (the root file Next.js runs before every route) wires lib/security-headers into each response and
// into the request Next.js renders with, which is where it finds the nonce for its own scripts.

async function runProxy(portalUrl: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  vi.stubEnv('PORTAL_URL', portalUrl);
  vi.resetModules();
  const { proxy } = await import('../../proxy');
  return proxy(new NextRequest(url, { method: init.method, headers: { 'x-request-id': 'client-chosen', ...init.headers }, body: init.body }));
}

describe('proxy', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('sends the same nonce-based policy to the browser and to the renderer, and HSTS behind an https PORTAL_URL', async () => {
    const response = await runProxy('https://developer.bank.example', 'https://developer.bank.example/applications');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'; /);
    expect(policy).toContain('upgrade-insecure-requests');
    expect(response.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    // The portal's own request id, never the client's.
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-middleware-request-x-request-id')).toBe(response.headers.get('x-request-id'));
  });

  it('sends no HSTS for a plain-http PORTAL_URL, and a fresh nonce every request', async () => {
    const first = await runProxy('http://localhost:3000', 'http://localhost:3000/');
    const second = await runProxy('http://localhost:3000', 'http://localhost:3000/');
    expect(first.headers.get('strict-transport-security')).toBeNull();
    expect(first.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const nonce = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
    expect(nonce(first.headers.get('content-security-policy'))).toBeTruthy();
    expect(nonce(first.headers.get('content-security-policy'))).not.toBe(nonce(second.headers.get('content-security-policy')));
  });

  // Issue 15: what Next.js would answer with a 500 is refused here, with the same headers as any answer.
  it.each([
    ['a path that is not UTF-8', 'http://localhost:3000/applications/%ED%A0%80', {}, 400],
    ['a NUL in a filter', 'http://localhost:3000/admin/clients?organisation=%00', {}, 400],
    // (A forged or oversized one never reaches Next.js: lib/http/refuse-server-action.ts, in front of it.)
    ['a server action whose body is no form', 'http://localhost:3000/register', { method: 'POST', headers: { 'next-action': '7f3a', origin: 'http://localhost:3000', 'content-type': 'text/plain;charset=UTF-8' }, body: '[' }, 400],
  ] as const)('refuses %s, with the security headers and its request id', async (_label, url, init, status) => {
    const response = await runProxy('http://localhost:3000', url, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; /);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Refused, not passed on: nothing for Next.js to render.
    expect(response.headers.get('x-middleware-next')).toBeNull();
  });
});
