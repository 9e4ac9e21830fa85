import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNginxConfig, type NginxSettings } from './render-nginx-config';

const DOCUMENTED = readFileSync(path.join(__dirname, 'onboard-mtls.conf'), 'utf8');
const SETTINGS: NginxSettings = {
  serverName: 'localhost',
  certificate: '/tmp/nginx/tls/server.pem',
  certificateKey: '/tmp/nginx/tls/server-key.pem',
  caBundle: '/tmp/e2e/directory/ca-bundle.pem',
  upstream: '127.0.0.1:3100',
  proxySecret: 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5',
  port: 8545,
};

const directives = (config: string) =>
  config
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);

describe('renderNginxConfig', () => {
  it('fills in exactly the values README "Mutual TLS" names, and changes no other directive', () => {
    const rendered = renderNginxConfig(DOCUMENTED, SETTINGS);
    // The IPv6 listener is the only directive dropped (the test listens on loopback); the rest keep their places.
    const before = directives(DOCUMENTED).filter((line) => line !== 'listen [::]:443 ssl;');
    const after = directives(rendered);
    expect(after.length).toBe(before.length);
    const changed = before.map((line, index) => [line, after[index]]).filter(([from, to]) => from !== to);
    expect(changed).toEqual([
      ['server 127.0.0.1:8080;', 'server 127.0.0.1:3100;'],
      ['listen 443 ssl;', 'listen 127.0.0.1:8545 ssl;'],
      ['server_name mtls.developer.bank.example;', 'server_name localhost;'],
      ['ssl_certificate     /etc/nginx/tls/mtls.developer.bank.example.crt;', 'ssl_certificate     /tmp/nginx/tls/server.pem;'],
      ['ssl_certificate_key /etc/nginx/tls/mtls.developer.bank.example.key;', 'ssl_certificate_key /tmp/nginx/tls/server-key.pem;'],
      ['ssl_client_certificate /etc/onboard/ob-ca-bundle.pem;', 'ssl_client_certificate /tmp/e2e/directory/ca-bundle.pem;'],
      ['proxy_set_header X-Onboard-MTLS-Proxy-Secret "CHANGE-ME: the value of MTLS_PROXY_SECRET";', `proxy_set_header X-Onboard-MTLS-Proxy-Secret "${SETTINGS.proxySecret}";`],
    ]);
    expect(after.filter((line) => line.includes('CHANGE-ME'))).toEqual([]);
  });

  it('fails when the documented file no longer has a line it fills in', () => {
    const edited = DOCUMENTED.replace('ssl_client_certificate /etc/onboard/ob-ca-bundle.pem;', 'ssl_client_certificate /etc/ssl/ca.pem;');
    expect(() => renderNginxConfig(edited, SETTINGS)).toThrow('expected "ssl_client_certificate /etc/onboard/ob-ca-bundle.pem;" once, found it 0 times');
  });

  it.each(['short', 'a$secret_that_nginx_would_expand_as_a_variable!', 'a"quote"that-would-end-the-nginx-string-early'])('refuses a proxy secret nginx would mangle: %s', (proxySecret) => {
    expect(() => renderNginxConfig(DOCUMENTED, { ...SETTINGS, proxySecret })).toThrow('MTLS_PROXY_SECRET for nginx must be 32+ characters of base64 or base64url');
  });
});
