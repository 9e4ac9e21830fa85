import { describe, expect, it } from 'vitest';

import { createUrlGuard } from './create-url-guard';
import { JwksFetchError } from './jwks-fetch-error';

const allowedHosts = ['keystore.example', 'LOCALHOST:4000', '[::1]:8080', 'plain.example:80', 'tls.example:443'];
const guard = createUrlGuard(allowedHosts);

function refusal(url: string): string | null {
  try {
    guard(url);
    return null;
  } catch (error) {
    if (!(error instanceof JwksFetchError)) throw error;
    expect(error.reason).toBe('url_refused');
    return error.message;
  }
}

describe('createUrlGuard', () => {
  it.each([
    ['a host entry on https', 'https://keystore.example/org/software.jwks'],
    ['plain http to a loopback host (the embedded sandbox directory)', 'http://localhost:4000/x.jwks'],
    ['a host entry with the explicit default port', 'https://keystore.example:443/x.jwks'],
    ['case-insensitively', 'https://KeyStore.Example/x.jwks'],
    ['a host:port entry on that port, whatever the entry case', 'http://localhost:4000/keystore/openbanking.jwks'],
    ['an IPv6 host:port entry', 'http://[::1]:8080/x.jwks'],
    ['a host:port entry naming the default http port, over https on that port', 'https://plain.example:80/x.jwks'],
    ['a backslash, which WHATWG URL reads as a slash: the host stays the allowed one', 'https://keystore.example\\@127.0.0.1/x.jwks'],
    ['a host:port entry naming the default https port', 'https://tls.example/x.jwks'],
  ])('allows %s', (_label, url) => {
    expect(refusal(url)).toBeNull();
    expect(guard(url).href).toBe(new URL(url).href);
  });

  it.each([
    ['a host entry on another port', 'https://keystore.example:8443/x.jwks', 'JWKS host "keystore.example:8443" is not allowed'],
    ['a host:port entry on another port', 'http://localhost:4001/x.jwks', 'JWKS host "localhost:4001" is not allowed'],
    ['a host:port entry on the default port', 'http://localhost/x.jwks', 'JWKS host "localhost" is not allowed'],
    ['a host:port entry (80) on another scheme default (https 443)', 'https://plain.example/x.jwks', 'JWKS host "plain.example" is not allowed'],
    ['plain http to an allowed host off this machine', 'http://keystore.example/x.jwks', 'JWKS URL must use https'],
    ['plain http to an allowed host:port entry off this machine', 'http://plain.example/x.jwks', 'JWKS URL must use https'],
    ['a sub-domain of an allowed host', 'https://evil.keystore.example/x.jwks', 'JWKS host "evil.keystore.example" is not allowed'],
    ['a look-alike suffix', 'https://keystore.example.evil.test/x.jwks', 'JWKS host "keystore.example.evil.test" is not allowed'],
    ['a trailing-dot host', 'https://keystore.example./x.jwks', 'JWKS host "keystore.example." is not allowed'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'JWKS host "169.254.169.254" is not allowed'],
    ['the metadata address written in hex', 'http://0xA9FEA9FE/', 'JWKS host "169.254.169.254" is not allowed'],
    ['loopback', 'http://127.0.0.1:4000/x.jwks', 'JWKS host "127.0.0.1:4000" is not allowed'],
    ['a private address', 'http://10.0.0.5/x.jwks', 'JWKS host "10.0.0.5" is not allowed'],
    ['credentials', 'http://user:pw@localhost:4000/x.jwks', 'JWKS URL must not carry credentials'],
    ['a user name only', 'https://user@keystore.example/x.jwks', 'JWKS URL must not carry credentials'],
    ['file:', 'file:///etc/passwd', 'JWKS URL must use https or http'],
    ['ftp:', 'ftp://keystore.example/x.jwks', 'JWKS URL must use https or http'],
    ['data:', 'data:application/json,{"keys":[]}', 'JWKS URL must use https or http'],
    ['a relative URL', '/keystore/x.jwks', 'JWKS URL is not an absolute URL'],
    ['an empty string', '', 'JWKS URL is not an absolute URL'],
  ])('refuses %s', (_label, url, message) => {
    expect(refusal(url)).toBe(message);
  });

  // OB-RULES SSA 8: the guard's answer to every classic SSRF target. None is allow-listed, so each is refused before
  // any request, whatever spelling WHATWG URL normalises it from; the message names the normalised host.
  it.each([
    ['loopback', 'https://127.0.0.1/x.jwks', '127.0.0.1'],
    ['loopback, short form', 'https://127.1/x.jwks', '127.0.0.1'],
    ['loopback, hex', 'https://0x7f000001/x.jwks', '127.0.0.1'],
    ['loopback, decimal', 'https://2130706433/x.jwks', '127.0.0.1'],
    ['loopback, octal', 'https://0177.0.0.1/x.jwks', '127.0.0.1'],
    ['loopback, elsewhere in 127/8', 'https://127.255.0.1/x.jwks', '127.255.0.1'],
    ['IPv6 loopback', 'https://[::1]/x.jwks', '[::1]'],
    ['IPv6 loopback, long form', 'https://[0:0:0:0:0:0:0:1]/x.jwks', '[::1]'],
    ['localhost on a port not allow-listed', 'https://localhost/x.jwks', 'localhost'],
    ['localhost in capitals, another port', 'http://LOCALHOST:4001/x.jwks', 'localhost:4001'],
    ['the unspecified address', 'https://0.0.0.0/x.jwks', '0.0.0.0'],
    ['private 10/8', 'https://10.1.2.3/x.jwks', '10.1.2.3'],
    ['private 172.16/12', 'https://172.16.0.1/x.jwks', '172.16.0.1'],
    ['private 172.16/12, its top', 'https://172.31.255.254/x.jwks', '172.31.255.254'],
    ['private 192.168/16', 'https://192.168.1.1/x.jwks', '192.168.1.1'],
    ['carrier-grade NAT 100.64/10', 'https://100.64.0.1/x.jwks', '100.64.0.1'],
    ['IPv6 unique local fc00::/7', 'https://[fc00::1]/x.jwks', '[fc00::1]'],
    ['IPv6 unique local fd00::/8', 'https://[fd12:3456::1]/x.jwks', '[fd12:3456::1]'],
    ['link-local 169.254/16', 'https://169.254.1.1/x.jwks', '169.254.1.1'],
    ['IPv6 link-local fe80::/10', 'https://[fe80::1]/x.jwks', '[fe80::1]'],
    ['the AWS/GCP/Azure metadata address', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['the metadata address, decimal', 'http://2852039166/', '169.254.169.254'],
    ['the GCP metadata name', 'http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal'],
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/latest/meta-data/', '[fd00:ec2::254]'],
    ['the Alibaba metadata address', 'http://100.100.100.200/latest/meta-data/', '100.100.100.200'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/x.jwks', '[::ffff:7f00:1]'],
    ['IPv4-mapped IPv6 metadata', 'https://[::ffff:169.254.169.254]/x.jwks', '[::ffff:a9fe:a9fe]'],
    ['a fragment hiding the allowed host', 'https://127.0.0.1#@keystore.example/x.jwks', '127.0.0.1'],
    ['a query hiding the allowed host', 'https://127.0.0.1?@keystore.example/x.jwks', '127.0.0.1'],
    ['empty credentials, which WHATWG URL drops', 'https://:@127.0.0.1/x.jwks', '127.0.0.1'],
    ['the allowed host on a non-default port (ssh)', 'https://keystore.example:22/x.jwks', 'keystore.example:22'],
    ['the allowed host on a non-default port (http on 443)', 'http://keystore.example:443/x.jwks', 'keystore.example:443'],
  ])('refuses %s', (_label, url, host) => {
    expect(refusal(url)).toBe(`JWKS host "${host}" is not allowed`);
  });

  it.each([
    ['the allowed host as user name', 'https://keystore.example@127.0.0.1/x.jwks'],
    ['the allowed host and port as user and password', 'https://keystore.example:443@169.254.169.254/x.jwks'],
    ['two @ signs', 'https://keystore.example@evil@127.0.0.1/x.jwks'],
  ])('refuses credentials before looking at the host: %s', (_label, url) => {
    expect(refusal(url)).toBe('JWKS URL must not carry credentials');
  });

  it.each(['gopher://127.0.0.1:25/', 'dict://127.0.0.1:11211/', 'ws://keystore.example/', 'javascript:alert(1)'])('refuses the scheme of %s', (url) => {
    expect(refusal(url)).toBe('JWKS URL must use https or http');
  });

  it('truncates a long host in the message', () => {
    const host = `${'a'.repeat(150)}.example`;
    expect(refusal(`https://${host}/`)).toBe(`JWKS host "${'a'.repeat(100)}…" is not allowed`);
  });

  it('refuses everything when the allow-list is empty', () => {
    expect(() => createUrlGuard([])('https://keystore.example/x.jwks')).toThrow(JwksFetchError);
  });

  it.each(['', 'https://keystore.example', 'keystore.example/path', 'user@keystore.example', 'keystore.example:0', 'keystore.example:99999'])(
    'rejects the malformed allow-list entry %j at creation',
    (entry) => {
      expect(() => createUrlGuard([entry])).toThrow(TypeError);
    },
  );

  it('lets plain http reach an allowed host off this machine only for signed documents (OCSP, CRL), and names them', () => {
    const pkiGuard = createUrlGuard(['pki.example'], { label: 'OCSP', allowsPlainHttp: true });
    expect(pkiGuard('http://pki.example/ocsp').href).toBe('http://pki.example/ocsp');
    expect(() => pkiGuard('http://10.0.0.5/ocsp')).toThrow('OCSP host "10.0.0.5" is not allowed');
    expect(() => createUrlGuard(['pki.example'], { label: 'CRL' })('http://pki.example/ca.crl')).toThrow('CRL URL must use https');
  });
});
