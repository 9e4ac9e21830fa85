import type { ApiOperation, ApiOperationId, ApiProfile } from './build-api-profile';

/** A JSON Schema (OpenAPI 3.1 dialect), as plain data. */
type Schema = Record<string, unknown>;

/** An OpenAPI 3.1 document, as plain JSON data. */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: Array<{ url: string; description: string }>;
  externalDocs: { description: string; url: string };
  paths: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, Schema>; schemas: Record<string, Schema> };
};

const JSON_TYPE = 'application/json';
const NO_STORE = { 'Cache-Control': { description: 'Always `no-store`: nothing the API answers may be cached.', schema: { type: 'string', const: 'no-store' } } };
// RFC 9110 §10.2.3, sent with every 429.
const RETRY_AFTER = { 'Retry-After': { description: 'Whole seconds to wait before the limit lets a request through again.', schema: { type: 'integer', minimum: 1 } } };
const STATUS_TEXT: Record<number, string> = {
  400: 'The request is refused',
  401: 'Authentication failed',
  403: 'Forbidden',
  413: 'The body is too large',
  429: 'Too many requests',
  500: 'Unexpected fault, answered without detail',
  502: 'The TLS terminator could not reach the portal',
};
// The registration response fields the handlers write themselves (lib/clients/build-registration-response.ts); the SSA's claims come flattened in beside them.
const REGISTRATION_RESPONSE_REQUIRED = [
  'client_id',
  'client_id_issued_at',
  'redirect_uris',
  'token_endpoint_auth_method',
  'grant_types',
  'response_types',
  'scope',
  'id_token_signed_response_alg',
  'request_object_signing_alg',
  'application_type',
  'software_id',
  'software_statement',
];

/**
 * Builds the OpenAPI 3.1 description of the bank's mTLS API (served at `/openapi.json`) from the DCR
 * profile: the servers, the five operations, their security, bodies, responses and error codes.
 */
export function buildOpenApiDocument(profile: ApiProfile): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of profile.operations) {
    paths[operation.path] ??= operation.path.includes('{clientId}')
      ? { parameters: [{ name: 'clientId', in: 'path', required: true, description: 'The client_id that POST /register returned.', schema: { type: 'string' } }] }
      : {};
    paths[operation.path]![operation.method.toLowerCase()] = describeOperation(operation, profile);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dynamic client registration and token API',
      version: '3.3',
      summary: `${profile.specification}, over mutual TLS`,
      description: [
        'Register OAuth clients with the bank from a directory-issued software statement (SSA) and manage them.',
        `Every operation needs mutual TLS with the software's transport certificate, issued by ${profile.mtls.trustedClientCa.name}.`,
        `Discovery: ${profile.discoveryUrl}. The full profile: ${profile.portalUrl}/api-docs.`,
      ].join(' '),
    },
    servers: [{ url: profile.mtlsUrl, description: 'Mutual TLS: present your transport certificate' }],
    externalDocs: { description: "The bank's DCR profile", url: `${profile.portalUrl}/api-docs` },
    paths,
    components: {
      securitySchemes: {
        mutualTLS: {
          type: 'mutualTLS',
          description: `The transport certificate of the software the SSA describes, chaining to ${profile.mtls.trustedClientCa.name}. Access tokens are bound to it (${profile.token.accessToken.binding}).`,
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `An access token from POST /token (client_credentials), issued to the client named in the path and used over a connection with the same certificate. Lifetime ${profile.token.accessToken.lifetimeSeconds} s.`,
        },
      },
      schemas: buildSchemas(profile),
    },
  };
}

function describeOperation(operation: ApiOperation, profile: ApiProfile): Record<string, unknown> {
  const isRegistrationBody = operation.requestContentTypes.some((type) => profile.registration.contentTypes.includes(type));
  const requestBody = isRegistrationBody
    ? {
        required: true,
        description: `The registration JWT, signed ${profile.registration.signingAlgorithms.join(' or ')}. At most ${operation.maxBodyBytes} bytes.`,
        content: Object.fromEntries(operation.requestContentTypes.map((type) => [type, { schema: { $ref: '#/components/schemas/RegistrationRequestJwt' } }])),
      }
    : operation.requestContentTypes.length > 0
      ? {
          required: true,
          description: `At most ${operation.maxBodyBytes} bytes; no parameter may be repeated.`,
          content: Object.fromEntries(operation.requestContentTypes.map((type) => [type, { schema: { $ref: '#/components/schemas/TokenRequest' } }])),
        }
      : undefined;
  return {
    operationId: operation.id,
    summary: operation.summary,
    security: [Object.fromEntries(operation.security.map((scheme) => [scheme, []]))],
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(operation.success.status)]: describeSuccess(operation), ...describeErrors(operation.id, profile) },
  };
}

function describeSuccess(operation: ApiOperation): Record<string, unknown> {
  const description = operation.success.description;
  if (operation.success.status === 204) return { description, headers: NO_STORE };
  const schema = operation.id === 'requestToken' ? 'TokenResponse' : 'RegistrationResponse';
  return { description, headers: NO_STORE, content: { [JSON_TYPE]: { schema: { $ref: `#/components/schemas/${schema}` } } } };
}

// One response per status, its `error` an enum of exactly the codes this operation answers with that status.
function describeErrors(id: ApiOperationId, profile: ApiProfile): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const rule of profile.errors) {
    if (rule.operations.includes(id)) byStatus.set(rule.status, [...(byStatus.get(rule.status) ?? []), rule.code]);
  }
  // The terminator's own answer for a portal that is down reaches every operation.
  for (const answer of profile.mtls.terminatorAnswers) {
    if (answer.status >= 500) byStatus.set(answer.status, [...(byStatus.get(answer.status) ?? []), answer.error]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const when = codes.map((code) => `\`${code}\`: ${whenOf(code, status, profile)}`).join('; ');
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? 'Error'}. ${when}.`,
      headers: status === 429 ? { ...NO_STORE, ...RETRY_AFTER } : NO_STORE,
      content: {
        [JSON_TYPE]: {
          schema: { allOf: [{ $ref: '#/components/schemas/Error' }, { type: 'object', properties: { error: { enum: codes } } }] },
        },
      },
    };
  }
  return responses;
}

function whenOf(code: string, status: number, profile: ApiProfile): string {
  const terminator = profile.mtls.terminatorAnswers.find((answer) => answer.error === code && answer.status === status);
  return terminator?.when ?? profile.errors.find((rule) => rule.code === code)?.when ?? '';
}

function buildSchemas(profile: ApiProfile): Record<string, Schema> {
  const metadata = Object.fromEntries(profile.registration.metadata.map((rule) => [rule.claim, rule]));
  const describe = (claim: string): string => {
    const rule = metadata[claim];
    if (!rule) return '';
    const parts = [`Accepted: ${rule.accepted}.`, rule.defaultValue ? `Default: ${rule.defaultValue}.` : '', rule.rule ? `${rule.rule[0]?.toUpperCase()}${rule.rule.slice(1)}.` : ''];
    return parts.filter(Boolean).join(' ');
  };
  const algorithms = { type: 'string', enum: [...profile.token.assertion.algorithms] };
  const requestClaims = Object.fromEntries(profile.registration.requestClaims.map((rule) => [rule.claim, rule.rule]));
  return {
    RegistrationRequestJwt: {
      type: 'string',
      description: 'A compact JWS (header.payload.signature) whose payload is RegistrationRequestClaims.',
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      contentMediaType: 'application/jwt',
      contentSchema: { $ref: '#/components/schemas/RegistrationRequestClaims' },
    },
    RegistrationRequestClaims: {
      type: 'object',
      description: `Signed ${profile.registration.signingAlgorithms.join(' or ')} with ${profile.registration.signingKey}.`,
      required: ['iss', 'aud', 'iat', 'exp', 'jti', 'software_statement', 'token_endpoint_auth_method'],
      properties: {
        iss: { type: 'string', description: requestClaims.iss },
        aud: {
          description: requestClaims.aud,
          oneOf: [
            { type: 'string', enum: profile.registration.audiences },
            { type: 'array', items: { type: 'string' }, contains: { enum: profile.registration.audiences } },
          ],
        },
        iat: { type: 'integer', description: requestClaims.iat },
        exp: { type: 'integer', description: requestClaims.exp },
        jti: { type: 'string', description: requestClaims.jti },
        software_statement: { type: 'string', description: requestClaims.software_statement },
        software_id: { type: 'string', description: requestClaims.software_id },
        redirect_uris: { type: 'array', items: { type: 'string', format: 'uri' }, description: describe('redirect_uris') },
        token_endpoint_auth_method: { type: 'string', enum: [...profile.registration.authMethods], description: describe('token_endpoint_auth_method') },
        token_endpoint_auth_signing_alg: { ...algorithms, description: describe('token_endpoint_auth_signing_alg') },
        tls_client_auth_subject_dn: { type: 'string', description: describe('tls_client_auth_subject_dn') },
        grant_types: { type: 'array', items: { type: 'string', enum: metadata.grant_types?.values ?? [] }, description: describe('grant_types') },
        response_types: { type: 'array', items: { type: 'string' }, description: describe('response_types') },
        id_token_signed_response_alg: { ...algorithms, description: describe('id_token_signed_response_alg') },
        request_object_signing_alg: { ...algorithms, description: describe('request_object_signing_alg') },
        scope: { type: 'string', description: `${describe('scope')} ${describeScopes(profile)}` },
        application_type: { type: 'string', enum: metadata.application_type?.values ?? [], description: describe('application_type') },
      },
    },
    RegistrationResponse: {
      type: 'object',
      description: "RFC 7591 §3.2.1: the client as registered, with the bank's defaults substituted, and the SSA's claims (org_id, software_roles, software_jwks_endpoint…) flattened in.",
      required: REGISTRATION_RESPONSE_REQUIRED,
      properties: {
        client_id: { type: 'string' },
        client_id_issued_at: { type: 'integer', description: 'Seconds since the epoch.' },
        redirect_uris: { type: 'array', items: { type: 'string', format: 'uri' } },
        token_endpoint_auth_method: { type: 'string', enum: [...profile.registration.authMethods] },
        token_endpoint_auth_signing_alg: { ...algorithms, description: 'Present for private_key_jwt.' },
        tls_client_auth_subject_dn: { type: 'string', description: 'Present for tls_client_auth.' },
        grant_types: { type: 'array', items: { type: 'string' } },
        response_types: { type: 'array', items: { type: 'string' } },
        scope: { type: 'string', description: 'Space-separated.' },
        id_token_signed_response_alg: algorithms,
        request_object_signing_alg: algorithms,
        application_type: { type: 'string', enum: metadata.application_type?.values ?? [] },
        software_id: { type: 'string' },
        software_statement: { type: 'string', description: 'The SSA the client was registered with.' },
        ...Object.fromEntries(profile.softwareStatement.requiredClaims.filter((claim) => claim !== 'software_id').map((claim) => [claim, { description: 'From the SSA.' }])),
      },
      additionalProperties: true,
    },
    TokenRequest: {
      type: 'object',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', enum: [...profile.token.grantTypes] },
        scope: { type: 'string', description: `Space-separated, a subset of the client's registered scopes. Default: ${profile.token.defaultScope}.` },
        client_id: { type: 'string', description: 'Required for tls_client_auth; optional otherwise, and then equal to the authenticated client id.' },
        client_assertion_type: { type: 'string', enum: [profile.token.assertion.type], description: 'private_key_jwt.' },
        client_assertion: {
          type: 'string',
          description: `private_key_jwt: a JWT signed ${profile.token.assertion.algorithms.join(' or ')}; iss = sub = client_id, aud = ${profile.token.assertion.audiences.join(' or ')}, exp, unique jti.`,
        },
      },
    },
    TokenResponse: {
      type: 'object',
      required: ['access_token', 'token_type', 'expires_in', 'scope'],
      properties: {
        access_token: { type: 'string', description: `${profile.token.accessToken.format}, bound to the client certificate (${profile.token.accessToken.binding}).` },
        token_type: { type: 'string', const: 'Bearer' },
        expires_in: { type: 'integer', const: profile.token.accessToken.lifetimeSeconds },
        scope: { type: 'string', description: 'The granted scopes, space-separated (may be empty).' },
      },
    },
    Error: {
      type: 'object',
      required: ['error', 'error_description'],
      properties: {
        error: { type: 'string', enum: [...new Set([...profile.errors.map((rule) => rule.code), ...profile.mtls.terminatorAnswers.map((answer) => answer.error)])] },
        error_description: { type: 'string', description: 'What is wrong, for a developer; never echoes a token, key or secret.' },
      },
    },
  };
}

function describeScopes(profile: ApiProfile): string {
  return profile.scopes.byRole.map(({ role, scopes }) => `${role}: ${scopes.join(' ')}`).join('; ') + '.';
}
