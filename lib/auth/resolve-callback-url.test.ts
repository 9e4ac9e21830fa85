import { describe, expect, it } from 'vitest';
import { resolveCallbackUrl } from './resolve-callback-url';

const PORTAL_URL = 'https://portal.bank.example';
const TPP = { portalUrl: PORTAL_URL, fallback: '/applications' };
const ADMIN = { portalUrl: PORTAL_URL, fallback: '/admin', under: '/admin' };
const FALLBACK = `${PORTAL_URL}/applications`;
const ADMIN_FALLBACK = `${PORTAL_URL}/admin`;

describe('resolveCallbackUrl', () => {
  it.each([
    // Issue 15: what searchParams gives for callbackUrl=/%5Cevil.example, /%09/evil.example and friends.
    ['a backslash after the slash (/\\host reads as //host)', '/\\evil.example', FALLBACK],
    ['two backslashes', '/\\\\evil.example/applications', FALLBACK],
    ['a tab between the slashes (the parser drops it)', '/\t/evil.example', FALLBACK],
    ['a newline between the slashes', '/\n/evil.example', FALLBACK],
    ['a protocol-relative URL', '//evil', FALLBACK],
    ['another origin', 'https://evil.example', FALLBACK],
    ['another origin with the portal as userinfo', 'https://portal.bank.example@evil.example/', FALLBACK],
    ['the portal over another scheme', 'http://portal.bank.example/applications', FALLBACK],
    ['the portal on another port', 'https://portal.bank.example:8443/applications', FALLBACK],
    ['a javascript: URL', 'javascript:alert(document.cookie)', FALLBACK],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>', FALLBACK],
    ['nothing', undefined, FALLBACK],
    ['an empty string', '', FALLBACK],
    ['a path with a query', '/applications?x=1', `${PORTAL_URL}/applications?x=1`],
    ['a path with a fragment', '/register#ssa', `${PORTAL_URL}/register#ssa`],
    ['an absolute same-origin URL', 'https://portal.bank.example/register', `${PORTAL_URL}/register`],
    ['the same origin in other letter case', 'HTTPS://PORTAL.BANK.EXAMPLE/register', `${PORTAL_URL}/register`],
    ['an encoded backslash, left encoded (a path on the portal)', '/%5Cevil.example', `${PORTAL_URL}/%5Cevil.example`],
    // Handed on as a path, "//evil.example" would leave the portal: the absolute URL cannot.
    ['a dot segment before a double slash', '/.//evil.example', `${PORTAL_URL}//evil.example`],
  ])('%s: %j → %s', (_case, callbackUrl, expected) => {
    expect(resolveCallbackUrl(callbackUrl, TPP)).toBe(expected);
  });

  it.each([
    ['an admin path', '/admin/clients?status=pending', `${PORTAL_URL}/admin/clients?status=pending`],
    ['the console itself, with a query', '/admin?tab=audit', `${PORTAL_URL}/admin?tab=audit`],
    ['a TPP page', '/applications', ADMIN_FALLBACK],
    ['a path that only starts with the letters', '/administrator', ADMIN_FALLBACK],
    ['a backslash after the prefix is a path segment, on the portal', '/admin\\evil.example', `${PORTAL_URL}/admin/evil.example`],
    ['a dot-dot out of the prefix', '/admin/../applications', ADMIN_FALLBACK],
    ['another origin with an admin path', 'https://evil.example/admin', ADMIN_FALLBACK],
    ['a backslash to another host', '/\\evil.example/admin', ADMIN_FALLBACK],
  ])('under /admin, %s: %j → %s', (_case, callbackUrl, expected) => {
    expect(resolveCallbackUrl(callbackUrl, ADMIN)).toBe(expected);
  });
});
