import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { z } from 'zod';

import type { DirectoryContext } from '../directory-context';
import { resolveKeystore } from '../keystore/resolve-keystore';
import { answerOcspRequest, buildRevocationList, revokeCertificate } from '../pki/certificate-authority-status';
import { createOcspErrorResponse } from '../pki/create-ocsp-response';
import { issueCertifiedKey } from '../pki/issue-certified-key';
import { CERTIFICATE_STATUS_PATHS } from '../pki/load-issuing-authority';
import { x509 } from '../pki/x509';
import { buildSoftwareBundle } from '../software/build-software-bundle';
import { createSoftware } from '../software/create-software';
import { issueSoftwareCertificate } from '../software/issue-software-certificate';
import { describeSoftware } from '../software/describe-software';
import { directoryJwksUrl } from '../software/keystore-urls';
import { parseCreateSoftwareRequest } from '../software/parse-create-software-request';
import { revokeSoftwareKeys } from '../software/revoke-software-keys';
import { signSoftwareStatement } from '../software/sign-software-statement';
import type { Organisation, Software } from '../state/directory-state';
import { SSA_SIGNING_SUBJECT } from '../state/ssa-signing-subject';
import { errorAnswer, jsonAnswer, type Answer } from './answer';
import { unknownOrganisation, unknownSoftware } from './api-error';
import { readBody, readBodyBytes } from './read-body';

type Route = {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle(params: string[], req: IncomingMessage): Promise<Answer>;
};

const ID = '([A-Za-z0-9_-]+)';

// A revocation asked of the sandbox CA, and a certificate it is asked to issue (validForDays: one that expires soon).
const revokeCertificateRequestSchema = z.object({
  reason: z.enum(['unspecified', 'keyCompromise', 'superseded', 'cessationOfOperation'], { message: '"reason" must be unspecified, keyCompromise, superseded or cessationOfOperation' }).default('keyCompromise'),
  /** An earlier certificate of the software, one a newer replaced (PEM); by default the current one. */
  certificate_pem: z.string({ message: '"certificate_pem" must be a PEM certificate' }).max(16_384, '"certificate_pem" must be a PEM certificate').optional(),
});
const issueCertificateRequestSchema = z.object({
  validForDays: z.number({ message: '"validForDays" must be a whole number of days from 1 to 825' }).int('"validForDays" must be a whole number of days from 1 to 825').min(1, '"validForDays" must be a whole number of days from 1 to 825').max(825, '"validForDays" must be a whole number of days from 1 to 825').optional(),
});
const OCSP_RESPONSE = 'application/ocsp-response';

// A sandbox user created through the API; like the seeded ones, its password is a sandbox credential.
const createUserRequestSchema = z.object({
  email: z.email({ message: '"email" must be an email address' }),
  password: z.string({ message: '"password" is required' }).min(8, '"password" must have at least 8 characters'),
  name: z.string({ message: '"name" is required' }).trim().min(1, '"name" is required'),
});

/** Answers one sandbox request, or `undefined` when the path is not a sandbox route. */
export type SandboxApiHandler = (req: IncomingMessage, pathname: string) => Promise<Answer | undefined>;

/** What the sandbox API asks of the OpenID Provider: ending a user's sessions at its relying parties. */
export type SandboxIdentityActions = {
  logOutEverywhere(sub: string): Promise<{ notified: string[]; failed: string[] }>;
};

/**
 * Builds the handler of the sandbox routes (CA bundle, keystore, software statements, accounts, organisation
 * members); a path that is none of them belongs to the OpenID Provider.
 */
export function createSandboxApiHandler(context: DirectoryContext, identity: SandboxIdentityActions): SandboxApiHandler {
  const routes = sandboxRoutes(context, identity);
  return (req, pathname) => handleSandboxRequest(context, routes, req, pathname);
}

async function handleSandboxRequest(context: DirectoryContext, routes: Route[], req: IncomingMessage, pathname: string): Promise<Answer | undefined> {
  if (pathname.startsWith('/keystore/')) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return errorAnswer({ status: 405, error: 'invalid_request', error_description: 'the keystore is read-only' });
    }
    const keystore = await resolveKeystore(context, pathname);
    if (keystore === undefined) {
      return errorAnswer({ status: 404, error: 'not_found', error_description: 'no such keystore' });
    }
    return 'keys' in keystore ? jsonAnswer(200, keystore) : errorAnswer(keystore);
  }

  const matching = routes.map((route) => ({ route, match: route.pattern.exec(pathname) })).filter(({ match }) => match !== null);
  if (matching.length === 0) {
    return pathname.startsWith('/api/') ? errorAnswer({ status: 404, error: 'not_found', error_description: 'no such route' }) : undefined;
  }
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const found = matching.find(({ route }) => route.method === method);
  if (!found) {
    return errorAnswer({ status: 405, error: 'invalid_request', error_description: `method must be ${matching.map(({ route }) => route.method).join(' or ')}` });
  }
  return found.route.handle(found.match?.slice(1) ?? [], req);
}

function sandboxRoutes(context: DirectoryContext, identity: SandboxIdentityActions): Route[] {
  const { state } = context.store;
  const findOrganisation = (orgId: string) => state.organisations.find((organisation) => organisation.id === orgId);
  const findSoftware = (orgId: string, softwareId: string) =>
    state.software.find((software) => software.orgId === orgId && software.softwareId === softwareId);

  // Resolves both ids or answers 404 for whichever is unknown; the route's other parameters and the request follow.
  const withSoftware =
    (handle: (organisation: Organisation, software: Software, rest: string[], req: IncomingMessage) => Promise<Answer>) =>
    async ([orgId = '', softwareId = '', ...rest]: string[], req: IncomingMessage) => {
      const organisation = findOrganisation(orgId);
      if (!organisation) {
        return errorAnswer(unknownOrganisation(orgId));
      }
      const software = findSoftware(orgId, softwareId);
      return software ? handle(organisation, software, rest, req) : errorAnswer(unknownSoftware(softwareId));
    };

  return [
    {
      method: 'GET',
      pattern: /^\/ca\/bundle\.pem$/,
      handle: async () => ({ status: 200, contentType: 'application/x-pem-file', body: context.authority.bundlePem }),
    },
    // The issuing CA's status services (RFC 6960, RFC 5280), which every certificate it issues names.
    {
      method: 'POST',
      pattern: new RegExp(`^${CERTIFICATE_STATUS_PATHS.ocsp}$`),
      handle: async (_params, req) => {
        const body = await readBodyBytes(req);
        if (body === undefined) return { status: 200, contentType: OCSP_RESPONSE, body: createOcspErrorResponse('malformedRequest') };
        return { status: 200, contentType: OCSP_RESPONSE, body: await answerOcspRequest(context, body) };
      },
    },
    {
      // RFC 6960 appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}.
      method: 'GET',
      pattern: new RegExp(`^${CERTIFICATE_STATUS_PATHS.ocsp}/([A-Za-z0-9+/=%_-]+)$`),
      handle: async ([encoded = '']) => {
        let der: Buffer;
        try {
          der = Buffer.from(decodeURIComponent(encoded), 'base64');
        } catch {
          return { status: 200, contentType: OCSP_RESPONSE, body: createOcspErrorResponse('malformedRequest') };
        }
        return { status: 200, contentType: OCSP_RESPONSE, body: await answerOcspRequest(context, der) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${CERTIFICATE_STATUS_PATHS.crl}$`),
      handle: async () => ({ status: 200, contentType: 'application/pkix-crl', body: await buildRevocationList(context) }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${CERTIFICATE_STATUS_PATHS.caIssuers}$`),
      handle: async () => ({ status: 200, contentType: 'application/pkix-cert', body: new Uint8Array(context.authority.issuing.rawData) }),
    },
    {
      method: 'GET',
      pattern: /^\/api\/sandbox\/accounts$/,
      handle: async () =>
        jsonAnswer(
          200,
          state.users.map((user) => {
            const organisation = user.orgId === undefined ? undefined : findOrganisation(user.orgId);
            return {
              email: user.email,
              password: user.password,
              name: user.name,
              tppAssociated: organisation !== undefined && organisation.roles.some((role) => role !== 'ASPSP'),
              ...(organisation ? { orgId: organisation.id, orgName: organisation.name, roles: organisation.roles } : {}),
              ...(user.groups ? { groups: user.groups } : {}),
            };
          }),
        ),
    },
    {
      method: 'POST',
      pattern: /^\/api\/sandbox\/ssa-signing-keys\/rotate$/,
      handle: async () => {
        const key = await issueCertifiedKey(context.authority, SSA_SIGNING_SUBJECT, 'signing');
        // Appended, not replaced: SSAs signed with the old key must keep verifying (OB-RULES: one refetch on unknown kid).
        state.ssaSigningKeys.push(key);
        await context.store.save();
        return jsonAnswer(200, { kid: key.kid, kids: state.ssaSigningKeys.map((ssaKey) => ssaKey.kid), jwks_uri: directoryJwksUrl(context.baseUrl) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/organisations$/,
      handle: async () => jsonAnswer(200, state.organisations),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/organisations/${ID}$`),
      handle: async ([orgId = '']) => {
        const organisation = findOrganisation(orgId);
        return organisation ? jsonAnswer(200, organisation) : errorAnswer(unknownOrganisation(orgId));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/organisations/${ID}/software$`),
      handle: async ([orgId = '']) => {
        if (!findOrganisation(orgId)) {
          return errorAnswer(unknownOrganisation(orgId));
        }
        return jsonAnswer(
          200,
          state.software.filter((software) => software.orgId === orgId).map((software) => describeSoftware(context.baseUrl, software)),
        );
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/organisations/${ID}/software$`),
      handle: async ([orgId = ''], req) => {
        const organisation = findOrganisation(orgId);
        if (!organisation) {
          return errorAnswer(unknownOrganisation(orgId));
        }
        const body = await readJsonBody(req);
        if (!body.ok) {
          return body.answer;
        }
        const parsed = parseCreateSoftwareRequest(body.value, organisation);
        if (!parsed.ok) {
          return errorAnswer(parsed.error);
        }
        const software = await createSoftware(context, organisation, parsed.request);
        return jsonAnswer(201, await buildSoftwareBundle(context, organisation, software));
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/organisations/${ID}/software/${ID}$`),
      handle: withSoftware(async (_organisation, software) => jsonAnswer(200, describeSoftware(context.baseUrl, software))),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/organisations/${ID}/software/${ID}/bundle$`),
      handle: withSoftware(async (organisation, software) => jsonAnswer(200, await buildSoftwareBundle(context, organisation, software))),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/organisations/${ID}/software/${ID}/ssa$`),
      handle: withSoftware(async (organisation, software) => ({
        status: 200,
        contentType: 'application/jwt',
        body: await signSoftwareStatement(context, organisation, software),
      })),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/organisations/${ID}/users$`),
      handle: async ([orgId = ''], req) => {
        const organisation = findOrganisation(orgId);
        if (!organisation) {
          return errorAnswer(unknownOrganisation(orgId));
        }
        const parsed = await readRequest(req, createUserRequestSchema);
        if (!parsed.ok) {
          return parsed.answer;
        }
        if (state.users.some((user) => user.email.toLowerCase() === parsed.value.email.toLowerCase())) {
          return errorAnswer({ status: 400, error: 'invalid_request', error_description: `a user with email "${parsed.value.email}" already exists` });
        }
        const user = { sub: randomUUID(), ...parsed.value, orgId: organisation.id };
        state.users.push(user);
        await context.store.save();
        return jsonAnswer(201, { sub: user.sub, email: user.email, name: user.name, org_id: organisation.id });
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^/api/organisations/${ID}/users/${ID}$`),
      handle: async ([orgId = '', sub = '']) => {
        if (!findOrganisation(orgId)) {
          return errorAnswer(unknownOrganisation(orgId));
        }
        const user = state.users.find((candidate) => candidate.sub === sub && candidate.orgId === orgId);
        if (!user) {
          return errorAnswer({ status: 404, error: 'not_found', error_description: `user "${sub}" not found in organisation "${orgId}"` });
        }
        // The user stays, belonging to no TPP (tpp_associated: false); their sessions at the relying parties end.
        delete user.orgId;
        await context.store.save();
        const logout = await identity.logOutEverywhere(user.sub);
        return jsonAnswer(200, { sub: user.sub, email: user.email, org_id: null, backchannel_logout: logout });
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/organisations/${ID}/software/${ID}/revoke-keys$`),
      handle: withSoftware(async (organisation, software) => {
        await revokeSoftwareKeys(context, software);
        return jsonAnswer(200, await buildSoftwareBundle(context, organisation, software));
      }),
    },
    {
      // Revokes the software's current certificate of one use at the CA only: its key stays in the keystore, so the
      // OCSP and CRL path can be tried apart from the revoked-key lists.
      method: 'POST',
      pattern: new RegExp(`^/api/organisations/${ID}/software/${ID}/certificates/(transport|signing)/revoke$`),
      handle: withSoftware(async (organisation, software, [use], req) => {
          const parsed = await readRequest(req, revokeCertificateRequestSchema);
          if (!parsed.ok) return parsed.answer;
          const current = (use === 'transport' ? software.transport : software.signing).certificatePem;
          const certificatePem = parsed.value.certificate_pem ?? current;
          if (certificatePem !== current && !(await isEarlierCertificateOf(context, certificatePem, current))) {
            return errorAnswer({ status: 400, error: 'invalid_request', error_description: `"certificate_pem" is not a certificate the sandbox CA issued to this software` });
          }
          const revoked = await revokeCertificate(context, certificatePem, parsed.value.reason);
          if (revoked === null) return errorAnswer({ status: 409, error: 'invalid_request', error_description: `the software's ${use} certificate is already revoked` });
          return jsonAnswer(200, { ...(await buildSoftwareBundle(context, organisation, software)), revoked_certificate: { use, serial_number: revoked.serialNumberHex, revoked_at: revoked.revokedAt, reason: revoked.reason } });
        }),
    },
    {
      // Issues a new certificate (and key) of one use, replacing the current one without revoking it: the old one
      // stays valid until it expires. validForDays makes one that expires soon.
      method: 'POST',
      pattern: new RegExp(`^/api/organisations/${ID}/software/${ID}/certificates/(transport|signing)$`),
      handle: withSoftware(async (organisation, software, [use], req) => {
          const parsed = await readRequest(req, issueCertificateRequestSchema);
          if (!parsed.ok) return parsed.answer;
          const purpose = use === 'transport' ? 'transport' : 'signing';
          software[purpose] = await issueSoftwareCertificate(context, software, purpose, new Date(), parsed.value.validForDays);
          await context.store.save();
          return jsonAnswer(201, await buildSoftwareBundle(context, organisation, software));
        }),
    },
  ];
}

// A certificate the sandbox issuing CA signed for the same subject as the software's current one (the names'
// attributes compared in order, type and value): one of its earlier certificates.
async function isEarlierCertificateOf(context: DirectoryContext, pem: string, currentPem: string): Promise<boolean> {
  try {
    const certificate = new x509.X509Certificate(pem);
    const isSameSubject = JSON.stringify(certificate.subjectName.toJSON()) === JSON.stringify(new x509.X509Certificate(currentPem).subjectName.toJSON());
    return isSameSubject && (await certificate.verify({ publicKey: context.authority.issuing.publicKey, signatureOnly: true }));
  } catch {
    return false;
  }
}

// A JSON body checked against `schema`; a refusal names the first problem, as the zod message says it.
async function readRequest<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; answer: Answer }> {
  const body = await readJsonBody(req);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, answer: errorAnswer({ status: 400, error: 'invalid_request', error_description: parsed.error.issues[0]?.message ?? 'invalid request' }) };
}

async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; answer: Answer }> {
  const text = await readBody(req);
  if (text === undefined) {
    return { ok: false, answer: errorAnswer({ status: 413, error: 'invalid_request', error_description: 'request body is too large' }) };
  }
  // Every member is optional, so an empty body means "all defaults".
  if (text.trim() === '') {
    return { ok: true, value: {} };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, answer: errorAnswer({ status: 400, error: 'invalid_request', error_description: 'request body must be a JSON object' }) };
  }
}
