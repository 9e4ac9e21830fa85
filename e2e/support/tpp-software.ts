import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { buildRegistrationClaims } from '../../lib/testing/build-registration-claims';
import { E2E } from './e2e-environment';
import { sendHttpsRequest, type ApiResponse } from './send-https-request';

/** Software the sandbox directory issued, with everything a TPP holds: SSA, signing key, transport certificate. */
export type SoftwareBundle = {
  software_id: string;
  org_id: string;
  ssa: string;
  signing: { kid: string; private_key_pem: string; certificate_pem: string };
  transport: { kid: string; private_key_pem: string; certificate_pem: string };
};

export type { ApiResponse };

type Credentials = { cert: string; key: string } | null;

/** Creates software for an organisation in the e2e sandbox directory. */
export async function createSoftwareBundle(orgId: string, body: Record<string, unknown> = {}): Promise<SoftwareBundle> {
  const response = await fetch(`${E2E.sandboxDirectoryUrl}/api/organisations/${orgId}/software`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`sandbox directory answered ${response.status}`);
  return (await response.json()) as SoftwareBundle;
}

/** A TPP's software talking to the bank's mTLS endpoints, as its own code would. */
export class TppSoftware {
  constructor(readonly bundle: SoftwareBundle) {}

  /** The registration JWT claims OB DCR v3.3 expects, valid now. */
  registrationClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return buildRegistrationClaims({ softwareId: this.bundle.software_id, ssa: this.bundle.ssa, audience: E2E.aspspOrgId, lifetimeSeconds: 300 }, overrides);
  }

  /** Signs claims with the software's signing key (PS256, its kid), like a TPP signs a registration request. */
  async sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
    const key = await importPKCS8(this.bundle.signing.private_key_pem, 'PS256');
    return new SignJWT(claims).setProtectedHeader({ alg: 'PS256', kid: this.bundle.signing.kid, typ: 'JWT', ...header }).sign(key);
  }

  /** `POST /register` with a body (a signed JWT by default). */
  register(body: string, options: { contentType?: string; credentials?: Credentials } = {}): Promise<ApiResponse> {
    return this.call('POST', '/register', body, { 'content-type': options.contentType ?? 'application/jwt' }, options.credentials);
  }

  /** `POST /token` with the client-credentials grant, authenticating by private_key_jwt. */
  async token(clientId: string, options: { scope?: string; assertion?: string; credentials?: Credentials } = {}): Promise<ApiResponse> {
    const assertion = options.assertion ?? (await this.clientAssertion(clientId));
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...(options.scope ? { scope: options.scope } : {}),
    });
    return this.call('POST', '/token', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' }, options.credentials);
  }

  /** A private_key_jwt client assertion for the token endpoint. */
  async clientAssertion(clientId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({ iss: clientId, sub: clientId, aud: `${E2E.mtlsUrl}/token`, iat: now, exp: now + 120, jti: randomUUID(), ...overrides });
  }

  /** An access token for managing a registration, or an error. */
  async accessToken(clientId: string): Promise<string> {
    const response = await this.token(clientId);
    const body = response.body as { access_token?: string };
    if (response.status !== 200 || !body.access_token) throw new Error(`token request failed: ${response.text}`);
    return body.access_token;
  }

  /** `GET`, `PUT` or `DELETE /register/{clientId}` with a bearer token. */
  manage(method: 'GET' | 'PUT' | 'DELETE', clientId: string, token: string | null, body?: string): Promise<ApiResponse> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/jwt';
    return this.call(method, `/register/${encodeURIComponent(clientId)}`, body ?? null, headers);
  }

  /** One request to the mTLS endpoints over real TLS, presenting the transport certificate unless told otherwise. */
  call(method: string, pathname: string, body: string | null, headers: Record<string, string>, credentials?: Credentials): Promise<ApiResponse> {
    const presented = credentials === undefined ? { cert: this.bundle.transport.certificate_pem, key: this.bundle.transport.private_key_pem } : credentials;
    return this.send(method, pathname, body, headers, presented);
  }

  /** Sends one request where this software's calls go: MTLS_URL, through the embedded terminator. */
  protected send(method: string, pathname: string, body: string | null, headers: Record<string, string>, credentials: Credentials): Promise<ApiResponse> {
    return mtlsRequest(method, pathname, body, headers, credentials);
  }
}

/** One HTTPS request to MTLS_URL, trusting the embedded terminator's CA, optionally with a client certificate. */
export function mtlsRequest(method: string, pathname: string, body: string | null, headers: Record<string, string>, credentials: Credentials): Promise<ApiResponse> {
  return sendHttpsRequest({ origin: E2E.mtlsUrl, ca: readFileSync(path.join(E2E.dataDir, 'mtls', 'ca.pem')) }, method, pathname, body, headers, credentials);
}
