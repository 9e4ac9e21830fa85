import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a URL's hostname names the TPP's own machine (OB-RULES registration 4: no loopback
 * redirect URIs): `localhost` and `*.localhost` (RFC 6761 §6.3), 127.0.0.0/8 and `::1`, plus the
 * unspecified addresses 0.0.0.0 and `::` and IPv4-mapped loopback, which reach the same machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  // WHATWG URL keeps IPv6 brackets and a trailing root dot ("localhost."); neither changes the host.
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIPv4(host)) return host.startsWith('127.') || host === '0.0.0.0';
  if (isIPv6(host)) {
    // WHATWG URL writes IPv4-mapped loopback (::ffff:127.x.y.z) as ::ffff:7fxx:yyzz.
    return host === '::1' || host === '::' || /^::ffff:7f[0-9a-f]{2}:/.test(host) || /^::ffff:127\./.test(host);
  }
  return false;
}
