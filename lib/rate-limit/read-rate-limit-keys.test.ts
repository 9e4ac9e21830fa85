import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readRateLimitKeys } from './read-rate-limit-keys';

describe('readRateLimitKeys', () => {
  it('keys a certificate by its SHA-256 thumbprint (x5t#S256), over the DER', () => {
    const der = Buffer.from('not really a certificate, but DER all the same');
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
    expect(readRateLimitKeys(pem, '192.0.2.1')).toEqual([`cert:${createHash('sha256').update(der).digest('base64url')}`, 'ip:192.0.2.1']);
  });

  it.each([
    ['an IPv4 address', '192.0.2.1', 'ip:192.0.2.1'],
    ['the last of a list (the address the nearest proxy saw)', '203.0.113.9, 192.0.2.1', 'ip:192.0.2.1'],
    ['an IPv4-mapped IPv6 address, as the IPv4 one', '::ffff:192.0.2.1', 'ip:192.0.2.1'],
    ['an IPv4-mapped IPv6 address in hex', '::ffff:c000:201', 'ip:192.0.2.1'],
    ['an IPv6 address, by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', 'ip:2001:db8:1:2::/64'],
    ['another address of the same /64 alike', '2001:db8:1:2::1', 'ip:2001:db8:1:2::/64'],
    ['a compressed IPv6 address', '2001:db8::1', 'ip:2001:db8:0:0::/64'],
    ['IPv6 loopback', '::1', 'ip:0:0:0:0::/64'],
    ['a scoped address, without its zone', 'fe80::1%eth0', 'ip:fe80:0:0:0::/64'],
    ['no header', null, 'ip:unknown'],
    ['an empty header', '', 'ip:unknown'],
    ['something that is not an address', 'evil.example', 'ip:unknown'],
  ])('keys %s', (_label, forwardedFor, key) => {
    expect(readRateLimitKeys(null, forwardedFor)).toEqual([key]);
  });
});
