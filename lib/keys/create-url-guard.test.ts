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
    ['a host entry on http', 'http://keystore.example/x.jwks'],
    ['a host entry with the explicit default port', 'https://keystore.example:443/x.jwks'],
    ['case-insensitively', 'https://KeyStore.Example/x.jwks'],
    ['a host:port entry on that port, whatever the entry case', 'http://localhost:4000/keystore/openbanking.jwks'],
    ['an IPv6 host:port entry', 'http://[::1]:8080/x.jwks'],
    ['a host:port entry naming the default http port', 'http://plain.example/x.jwks'],
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
});
