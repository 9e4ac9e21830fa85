import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { createLruCache } from '@/lib/cache/create-lru-cache';

/**
 * The keys a request to an mTLS endpoint is limited under: the SHA-256 thumbprint of the verified client
 * certificate (RFC 8705 `x5t#S256`), if any, and the client address: the TLS socket's, or the one a terminator put
 * in `X-Forwarded-For` (only ever read from a request that carried the terminator's secret). An IPv6 address counts
 * by its /64, the block one subscriber gets, so that rotating through it buys nothing; no address, `unknown`.
 */
export function readRateLimitKeys(certificatePem: string | null, forwardedFor: string | null): string[] {
  const keys = [`ip:${toAddressKey(forwardedFor)}`];
  if (certificatePem !== null) keys.unshift(`cert:${thumbprintOf(certificatePem)}`);
  return keys;
}

// Certificates seen lately: a TPP sends many requests with one certificate, and the hash was a tenth of a refusal's cost.
const thumbprints = createLruCache<string>(1_000);

// The PEM is canonical (readCertificateHeader), so its base64 body is the DER: no need to parse the certificate.
function thumbprintOf(pem: string): string {
  const known = thumbprints.get(pem);
  if (known !== undefined) return known;
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
  const thumbprint = createHash('sha256').update(der).digest('base64url');
  thumbprints.set(pem, thumbprint);
  return thumbprint;
}

function toAddressKey(forwardedFor: string | null): string {
  // The terminators set one address; a proxy that appends instead puts the one it saw last.
  const address = (forwardedFor?.split(',').at(-1) ?? '').trim().replace(/%.*$/, '');
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const groups = expandIpv6(address);
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 client of a dual-stack socket.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] ?? 0, groups[7] ?? 0].flatMap((group) => [group >> 8, group & 0xff]).join('.');
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

// Eight 16-bit groups of a valid IPv6 address (net.isIPv6 checked it), an embedded IPv4 tail included.
function expandIpv6(address: string): number[] {
  let text = address.toLowerCase();
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}
