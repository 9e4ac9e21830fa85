import { describe, expect, it } from 'vitest';
import { findSecretsInLog } from './find-secrets-in-log';

const JWT = 'eyJhbGciOiJQUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJhY21lIiwic3ViIjoiYWNtZSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('findSecretsInLog', () => {
  it('passes an ordinary server log', () => {
    const log = [
      '[onboard] applied migrations: 0001_init',
      '[onboard] mutual TLS endpoints at https://localhost:8543 (trust .data/e2e/mtls/ca.pem)',
      '▲ Next.js 16.4.5',
      'registered client 3f0c… with token_endpoint_auth_method client_secret_basic (tls_client_auth, private_key_jwt)',
      '[register] unexpected fault: Error: connect ECONNREFUSED 127.0.0.1:5432',
    ].join('\n');
    expect(findSecretsInLog(log, [{ name: 'nextAuthSecret', value: 'q5dLrXg2Jp0y4vX3bG8b0cM1W2rT9sZ7aK6nE4uH1fI' }])).toEqual([]);
  });

  it.each([
    ['an access token', `GET /register/abc authorization=${JWT}`, 'jwt'],
    ['a PEM private key', 'key: -----BEGIN PRIVATE KEY-----\nMIIEv...', 'private key'],
    ['an RSA PEM private key', '-----BEGIN RSA PRIVATE KEY-----', 'private key'],
    ['an encrypted PEM private key', '-----BEGIN ENCRYPTED PRIVATE KEY-----', 'private key'],
    ['a form-encoded client secret', 'body: grant_type=client_credentials&client_secret=s3cr3t-value-xyz', 'client_secret value'],
    ['a JSON client secret', '{"client_id":"abc","client_secret":"Zm9vYmFyYmF6cXV4"}', 'client_secret value'],
    ['a client assertion parameter', 'client_assertion=abc.def.ghi-jkl', 'client_assertion value'],
    ['a bearer header', 'authorization: Bearer 0123456789abcdef0123', 'bearer credential'],
    ['a basic header', 'Authorization: Basic YWNtZTpzM2NyM3Qtc2VjcmV0', 'basic credential'],
    ['a session cookie', 'cookie: next-auth.session-token=abcdefghijklmnop', 'session cookie'],
    ['the proxy secret header', "headers: { 'x-onboard-mtls-proxy-secret': 'c2VjcmV0LXZhbHVl' }", 'proxy secret header'],
  ])('finds %s', (_label, line, kind) => {
    const findings = findSecretsInLog(`[onboard] starting\n${line}\n[onboard] done`);
    expect(findings.map((finding) => [finding.line, finding.kind])).toContainEqual([2, kind]);
  });

  it('finds a known secret wherever it appears, and reports it masked', () => {
    const secret = 'q5dLrXg2Jp0y4vX3bG8b0cM1W2rT9sZ7aK6nE4uH1fI';
    const findings = findSecretsInLog(`one\ntwo\nconfig ${JSON.stringify({ x: secret })}\n`, [{ name: 'mtlsProxySecret', value: secret }]);
    expect(findings).toEqual([{ line: 3, kind: 'known secret mtlsProxySecret', excerpt: 'q5dLrX…(43 characters)' }]);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it('ignores known values too short to be secrets, which would match by chance', () => {
    expect(findSecretsInLog('a short word: sandbox', [{ name: 'weak', value: 'sandbox' }])).toEqual([]);
  });
});
