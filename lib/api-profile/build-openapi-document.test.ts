import { describe, expect, it } from 'vitest';
import { buildRegistrationResponse } from '@/lib/clients/build-registration-response';
import type { Client } from '@/lib/db';
import { parseEnv } from '@/lib/env';
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from '@/lib/http/oauth-error';
import { buildSoftwareStatementClaims } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { buildApiProfile } from './build-api-profile';
import { buildOpenApiDocument, type OpenApiDocument } from './build-openapi-document';

const BANK_ENV = {
  PORTAL_URL: 'https://developer.bank.example',
  MTLS_URL: 'https://mtls.developer.bank.example:8443',
  ASPSP_ORG_ID: '0015800001BANKXYZ',
  ACCESS_TOKEN_TTL_SECONDS: '300',
};

type Operation = {
  operationId: string;
  security: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

function documentOf(source: Record<string, string> = BANK_ENV): OpenApiDocument {
  return buildOpenApiDocument(buildApiProfile(parseEnv(source)));
}

function operations(document: OpenApiDocument): Array<[string, string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([method, operation]): [string, string, Operation] => [path, method, operation as Operation]),
  );
}

// The `error` enum of one error response: allOf [Error, { properties: { error: { enum } } }].
function errorCodes(operation: Operation, status: string): string[] {
  const schema = operation.responses[status]?.content?.['application/json']?.schema as { allOf?: Array<{ properties?: { error?: { enum?: string[] } } }> } | undefined;
  return schema?.allOf?.[1]?.properties?.error?.enum ?? [];
}

function schema(document: OpenApiDocument, name: string): { required?: string[]; properties: Record<string, Record<string, unknown>> } {
  return document.components.schemas[name] as { required?: string[]; properties: Record<string, Record<string, unknown>> };
}

describe('buildOpenApiDocument', () => {
  it('is OpenAPI 3.1 served from MTLS_URL, and plain JSON', () => {
    const document = documentOf();
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers.map((server) => server.url)).toEqual(['https://mtls.developer.bank.example:8443']);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('has every path and method of the DCR and token API', () => {
    expect(operations(documentOf()).map(([path, method, operation]) => [path, method, operation.operationId])).toEqual([
      ['/register', 'post', 'registerClient'],
      ['/register/{clientId}', 'get', 'getClient'],
      ['/register/{clientId}', 'put', 'updateClient'],
      ['/register/{clientId}', 'delete', 'deleteClient'],
      ['/token', 'post', 'requestToken'],
    ]);
    expect(documentOf().paths['/register/{clientId}']?.parameters).toEqual([expect.objectContaining({ name: 'clientId', in: 'path', required: true })]);
  });

  it('answers each error code under its OAUTH_ERROR_STATUS status, in exactly the operations the profile names', () => {
    const document = documentOf();
    const profile = buildApiProfile(parseEnv(BANK_ENV));
    for (const [, , operation] of operations(document)) {
      const expected = new Map<string, string[]>();
      for (const rule of profile.errors.filter((candidate) => candidate.operations.includes(operation.operationId as never))) {
        expected.set(String(OAUTH_ERROR_STATUS[rule.code]), [...(expected.get(String(OAUTH_ERROR_STATUS[rule.code])) ?? []), rule.code]);
      }
      expected.set('502', ['temporarily_unavailable']);
      const actual = new Map(Object.keys(operation.responses).filter((status) => Number(status) >= 400).map((status) => [status, errorCodes(operation, status)]));
      expect(actual, operation.operationId).toEqual(expected);
    }
    // Every code some operation answers appears in the document with its status.
    const answered = new Set(operations(document).flatMap(([, , operation]) => Object.keys(operation.responses).flatMap((status) => errorCodes(operation, status).map((code) => `${code} ${status}`))));
    for (const rule of profile.errors.filter((candidate) => candidate.operations.length > 0)) {
      expect(answered, rule.code).toContain(`${rule.code} ${OAUTH_ERROR_STATUS[rule.code]}`);
    }
    expect(schema(document, 'Error').properties.error?.enum).toEqual(expect.arrayContaining(Object.keys(OAUTH_ERROR_STATUS) as OAuthErrorCode[]));
  });

  it('documents the registration refusals of POST /register and the management codes', () => {
    const byId = Object.fromEntries(operations(documentOf()).map(([, , operation]) => [operation.operationId, operation]));
    expect(errorCodes(byId.registerClient!, '400')).toEqual(['invalid_redirect_uri', 'invalid_client_metadata', 'invalid_software_statement', 'unapproved_software_statement']);
    expect(errorCodes(byId.getClient!, '401')).toEqual(['invalid_token']);
    expect(errorCodes(byId.getClient!, '403')).toEqual(['access_denied', 'untrusted_proxy']);
    expect(errorCodes(byId.requestToken!, '401')).toEqual(['invalid_client']);
    expect(errorCodes(byId.requestToken!, '400')).toEqual(['invalid_request', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']);
  });

  it('tells every operation when to retry after a 429', () => {
    for (const [, , operation] of operations(documentOf())) {
      const answer = operation.responses['429'] as { description: string; headers: Record<string, unknown> } | undefined;
      expect(answer?.description, operation.operationId).toMatch(/^Too many requests\. `too_many_requests`/);
      expect(Object.keys(answer?.headers ?? {}), operation.operationId).toEqual(['Cache-Control', 'Retry-After']);
    }
  });

  it('secures every operation with mutual TLS, and management with a bearer token too', () => {
    const document = documentOf();
    expect(document.components.securitySchemes.mutualTLS).toMatchObject({ type: 'mutualTLS' });
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(operations(document).map(([, , operation]) => [operation.operationId, operation.security])).toEqual([
      ['registerClient', [{ mutualTLS: [] }]],
      ['getClient', [{ mutualTLS: [], bearer: [] }]],
      ['updateClient', [{ mutualTLS: [], bearer: [] }]],
      ['deleteClient', [{ mutualTLS: [], bearer: [] }]],
      ['requestToken', [{ mutualTLS: [] }]],
    ]);
  });

  it('takes a registration JWT as application/jwt or application/jose, and a form at /token', () => {
    const document = documentOf();
    const byId = Object.fromEntries(operations(document).map(([, , operation]) => [operation.operationId, operation]));
    for (const id of ['registerClient', 'updateClient']) {
      expect(byId[id]?.requestBody?.content).toEqual({
        'application/jwt': { schema: { $ref: '#/components/schemas/RegistrationRequestJwt' } },
        'application/jose': { schema: { $ref: '#/components/schemas/RegistrationRequestJwt' } },
      });
    }
    expect(schema(document, 'RegistrationRequestJwt')).toMatchObject({ type: 'string' });
    expect(byId.requestToken?.requestBody?.content).toEqual({ 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/TokenRequest' } } });
    expect(Object.keys(schema(document, 'TokenRequest').properties)).toEqual(expect.arrayContaining(['grant_type', 'scope', 'client_assertion_type', 'client_assertion']));
    expect(schema(document, 'TokenRequest').properties.grant_type).toEqual({ type: 'string', enum: ['client_credentials'] });
    expect(byId.getClient?.requestBody).toBeUndefined();
  });

  it('lists client_secret_basic as a registrable method only when the bank enables it', () => {
    const methods = (document: OpenApiDocument) => schema(document, 'RegistrationRequestClaims').properties.token_endpoint_auth_method?.enum;
    expect(methods(documentOf())).toEqual(['private_key_jwt', 'tls_client_auth']);
    expect(methods(documentOf({ ...BANK_ENV, DCR_ALLOW_CLIENT_SECRET_BASIC: 'true' }))).toEqual(['private_key_jwt', 'tls_client_auth', 'client_secret_basic']);
  });

  it('describes the registration response buildRegistrationResponse writes', () => {
    const ssaClaims = buildSoftwareStatementClaims();
    const client = {
      clientId: 'c0ffee00-0000-4000-8000-000000000001',
      createdAt: new Date('2026-01-15T12:00:00Z'),
      redirectUris: ['https://test-app.example/callback'],
      tokenEndpointAuthMethod: 'tls_client_auth',
      tokenEndpointAuthSigningAlg: 'PS256',
      tlsClientAuthSubjectDn: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB',
      grantTypes: ['client_credentials'],
      responseTypes: ['code id_token'],
      scopes: ['openid', 'accounts'],
      idTokenSignedResponseAlg: 'PS256',
      requestObjectSigningAlg: 'PS256',
      applicationType: 'web',
      softwareId: ssaClaims.software_id,
      softwareStatement: 'header.payload.signature',
      softwareStatementClaims: ssaClaims,
    } as unknown as Client;
    const response = buildRegistrationResponse(client);
    const { required = [], properties } = schema(documentOf(), 'RegistrationResponse');
    expect(Object.keys(response)).toEqual(expect.arrayContaining(required));
    // Whatever the handler writes itself is described; the rest is the SSA's claims, flattened in.
    const ownFields = Object.keys(response).filter((field) => !(field in ssaClaims) || field === 'software_id');
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(ownFields));
  });

  it('describes the token response the token endpoint writes, with the configured lifetime', () => {
    const tokenResponse = schema(documentOf(), 'TokenResponse');
    expect(tokenResponse.required).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
    expect(tokenResponse.properties.expires_in).toEqual({ type: 'integer', const: 300 });
  });

  it('refers only to components it defines', () => {
    const document = documentOf();
    const references = JSON.stringify(document).match(/"#\/components\/schemas\/[A-Za-z]+"/g) ?? [];
    expect(references.length).toBeGreaterThan(0);
    for (const reference of new Set(references)) expect(document.components.schemas).toHaveProperty(JSON.parse(reference).split('/').pop());
  });
});
