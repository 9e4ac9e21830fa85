import { describe, expect, it } from 'vitest';
import { buildSecurityHeaders, STRICT_TRANSPORT_SECURITY } from './build-security-headers';
import { generateNonce } from './generate-nonce';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split('; ').map((directive) => {
    const [name = '', ...values] = directive.split(' ');
    return [name, values];
  }));
}

describe('buildSecurityHeaders', () => {
  it('gives a plain-http portal the nonce-based policy and no HSTS', () => {
    const headers = buildSecurityHeaders({ nonce: NONCE, portalUrl: 'http://localhost:3000', isDevelopment: false });
    expect(Object.keys(headers)).toEqual(['content-security-policy']);
    expect(directives(headers['content-security-policy'] ?? '')).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"],
      'style-src': ["'self'", `'nonce-${NONCE}'`],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('adds HSTS and upgrade-insecure-requests when PORTAL_URL is https', () => {
    const headers = buildSecurityHeaders({ nonce: NONCE, portalUrl: 'https://developer.bank.example', isDevelopment: false });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(STRICT_TRANSPORT_SECURITY).toBe('max-age=31536000; includeSubDomains');
    expect(directives(headers['content-security-policy'] ?? '')['upgrade-insecure-requests']).toEqual([]);
  });

  it("allows eval in development only (React's error stacks), never 'unsafe-inline' for scripts", () => {
    const development = buildSecurityHeaders({ nonce: NONCE, portalUrl: 'http://localhost:3000', isDevelopment: true });
    expect(directives(development['content-security-policy'] ?? '')['script-src']).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    expect(development['content-security-policy']).not.toContain("'unsafe-inline'");
  });
});

describe('generateNonce', () => {
  it('is 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => generateNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
