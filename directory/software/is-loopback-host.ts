import { isIPv4, isIPv6 } from 'node:net';

/** Whether a URL hostname names this machine (OB-RULES: redirect URIs must not point at localhost/loopback). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return true;
  }
  if (isIPv4(host)) {
    return host.startsWith('127.') || host === '0.0.0.0';
  }
  if (isIPv6(host)) {
    // WHATWG URL writes IPv4-mapped loopback (::ffff:127.x.y.z) as ::ffff:7fxx:yyzz.
    return host === '::1' || host === '::' || /^::ffff:7f[0-9a-f]{2}:/.test(host);
  }
  return false;
}
