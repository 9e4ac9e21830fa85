import { REGISTRABLE_GRANT_TYPES, ROLE_SCOPES } from '@/lib/profile/ob-profile';
import { buildApiProfile, type ApiProfileEnv } from './build-api-profile';

/** One step of the worked example: a shell script to run, a file to save, or a list of files to have. */
export type WorkedExampleStep = {
  id: 'software' | 'sign' | 'register' | 'token' | 'read' | 'delete';
  title: string;
  description: string;
  language: 'shell' | 'javascript' | 'text';
  /** Where to save `code` (a script the next step runs), or null when `code` is run as it is. */
  file: string | null;
  code: string;
};

/** Whose software the sandbox step creates: a directory organisation id, or null for a placeholder. */
export type WorkedExampleOptions = { orgId?: string | null };

const ORG_ID_PLACEHOLDER = '<org_id>';
const SIGNING_SCRIPT = 'sign-registration.mjs';
const CLIENT_ID = '$(jq -r .client_id registration.json)';
const ACCESS_TOKEN = '$(jq -r .access_token token.json)';

/**
 * Builds the worked example of the API page, from software to a managed client: every command is
 * generated from the same profile as the page, so a test can run exactly what a TPP copies.
 */
export function buildWorkedExample(env: ApiProfileEnv, options: WorkedExampleOptions = {}): WorkedExampleStep[] {
  const profile = buildApiProfile(env);
  const registerUrl = operationUrl(profile, 'registerClient');
  const tokenUrl = operationUrl(profile, 'requestToken');
  // The embedded terminator's server certificate comes from a local CA; a bank's terminator has a public one.
  const tls = ['--cert transport.pem --key transport.key', ...(profile.mtls.serverCaPath ? [`--cacert ${shellQuote(profile.mtls.serverCaPath)}`] : [])].join(' ');
  const clientUrl = `"${registerUrl}/${CLIENT_ID}"`;
  return [
    env.isSandboxDirectory ? sandboxSoftwareStep(env.sandboxDirectoryUrl, options.orgId ?? ORG_ID_PLACEHOLDER) : directorySoftwareStep(),
    {
      id: 'sign',
      title: 'Sign the registration JWT',
      description: `curl cannot sign. Save this as ${SIGNING_SCRIPT}: it reads the files above and prints the registration JWT, signed ${profile.registration.signingAlgorithms[0]} with your signing key. It registers for tls_client_auth, so that the token request in step 4 needs nothing but curl.`,
      language: 'javascript',
      file: SIGNING_SCRIPT,
      code: signingScript(profile.registration.audiences[0] ?? ''),
    },
    {
      id: 'register',
      title: 'Register the client',
      description: 'Run the script, then POST the JWT over mutual TLS with your transport certificate. Expect 201 and your client id.',
      language: 'shell',
      file: null,
      code: [
        `node ${SIGNING_SCRIPT} > request.jwt`,
        `curl -sS ${tls} \\`,
        `  -H 'Content-Type: application/jwt' --data-binary @request.jwt \\`,
        `  -o registration.json -w '%{http_code}\\n' ${registerUrl}`,
        `jq -r '.client_id // .error_description' registration.json`,
      ].join('\n'),
    },
    {
      id: 'token',
      title: 'Get an access token',
      description: `The client_credentials grant with tls_client_auth: the certificate is the credential, client_id says which client. Expect 200; the token lives ${profile.token.accessToken.lifetimeSeconds} seconds and is bound to this certificate.`,
      language: 'shell',
      file: null,
      code: [
        `curl -sS ${tls} \\`,
        `  -d grant_type=client_credentials -d client_id="${CLIENT_ID}" \\`,
        `  -o token.json -w '%{http_code}\\n' ${tokenUrl}`,
        `jq -r '.scope // .error_description' token.json`,
      ].join('\n'),
    },
    {
      id: 'read',
      title: 'Read the registration',
      description: 'GET /register/{clientId} with the access token, over the same certificate. Expect 200 and the registration.',
      language: 'shell',
      file: null,
      code: [
        `curl -sS ${tls} \\`,
        `  -H "Authorization: Bearer ${ACCESS_TOKEN}" \\`,
        `  -o client.json -w '%{http_code}\\n' ${clientUrl}`,
        `jq -r '.client_id // .error_description' client.json`,
      ].join('\n'),
    },
    {
      id: 'delete',
      title: 'Delete it when you are done',
      description: "DELETE /register/{clientId} removes the client and revokes its tokens. Expect 204.",
      language: 'shell',
      file: null,
      code: [`curl -sS ${tls} -X DELETE \\`, `  -H "Authorization: Bearer ${ACCESS_TOKEN}" \\`, `  -w '%{http_code}\\n' ${clientUrl}`].join('\n'),
    },
  ];
}

function sandboxSoftwareStep(sandboxDirectoryUrl: string, orgId: string): WorkedExampleStep {
  return {
    id: 'software',
    title: 'Create software in the sandbox directory',
    description:
      "The sandbox directory issues an SSA, a signing key and a transport certificate for your organisation's software in one call. Save them as files.",
    language: 'shell',
    file: null,
    code: [
      `curl -sS --fail-with-body -X POST '${sandboxDirectoryUrl}/api/organisations/${orgId}/software' \\`,
      `  -H 'Content-Type: application/json' -d '{"client_name":"My DCR app"}' -o bundle.json`,
      'jq -r .ssa bundle.json > ssa.jwt',
      'jq -r .signing.kid bundle.json > signing.kid',
      'jq -r .signing.private_key_pem bundle.json > signing.key',
      'jq -r .transport.certificate_pem bundle.json > transport.pem',
      'jq -r .transport.private_key_pem bundle.json > transport.key',
    ].join('\n'),
  };
}

function directorySoftwareStep(): WorkedExampleStep {
  return {
    id: 'software',
    title: 'Download your software from the directory',
    description: 'Download your SSA, signing key and transport certificate from the directory, and save them in one folder as:',
    language: 'text',
    file: null,
    code: [
      'ssa.jwt        the software statement (SSA), as the directory issued it',
      "signing.kid    the kid of your signing key, as published in the software's JWKS",
      'signing.key    the signing private key (PKCS#8 PEM)',
      'transport.pem  the transport certificate (PEM)',
      'transport.key  the transport private key (PEM)',
    ].join('\n'),
  };
}

// The claims are those the profile states; the role → scope table is the bank's own (ROLE_SCOPES).
function signingScript(audience: string): string {
  return `// node ${SIGNING_SCRIPT} > request.jwt   (needs Node.js 20+ and jose: npm install jose)
import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';

const ssa = readFileSync('ssa.jwt', 'utf8').trim();
const { software_id, software_roles, software_redirect_uris } = decodeJwt(ssa);
const kid = readFileSync('signing.kid', 'utf8').trim();
const key = await importPKCS8(readFileSync('signing.key', 'utf8'), 'PS256');
// tls_client_auth: the transport certificate's subject, most specific attribute first (RFC 4514).
const subjectDn = new X509Certificate(readFileSync('transport.pem')).subject.split('\\n').reverse().join(',');
// The scope each directory role allows; openid is always allowed.
const roleScopes = ${JSON.stringify(ROLE_SCOPES)};
const now = Math.floor(Date.now() / 1000);

const claims = {
  iss: software_id,
  aud: ${JSON.stringify(audience)},
  iat: now,
  exp: now + 300,
  jti: randomUUID(),
  software_id,
  software_statement: ssa,
  redirect_uris: software_redirect_uris,
  token_endpoint_auth_method: 'tls_client_auth',
  tls_client_auth_subject_dn: subjectDn,
  grant_types: [${REGISTRABLE_GRANT_TYPES.map((grantType) => `'${grantType}'`).join(', ')}],
  response_types: ['code id_token'],
  id_token_signed_response_alg: 'PS256',
  request_object_signing_alg: 'PS256',
  application_type: 'web',
  scope: ['openid', ...software_roles.map((role) => roleScopes[role]).filter(Boolean)].join(' '),
};

process.stdout.write(await new SignJWT(claims).setProtectedHeader({ alg: 'PS256', kid, typ: 'JWT' }).sign(key));
`;
}

function operationUrl(profile: ReturnType<typeof buildApiProfile>, id: 'registerClient' | 'requestToken'): string {
  const operation = profile.operations.find((candidate) => candidate.id === id);
  if (!operation) throw new Error(`the profile has no ${id} operation`);
  return operation.url;
}

// Single-quotes a path for the shell unless it is plainly safe as it is.
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
