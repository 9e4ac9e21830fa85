import { z } from 'zod';

import type { ApiError } from '../http/api-error';
import type { DirectoryRole } from '../sandbox-accounts';
import { directoryRoleSchema, softwareEnvironmentSchema, type Organisation, type SoftwareEnvironment } from '../state/directory-state';
import { isLoopbackHost } from './is-loopback-host';

/** A validated request to create a software statement; absent members take the defaults. */
export type CreateSoftwareRequest = {
  clientName?: string;
  roles?: DirectoryRole[];
  redirectUris?: string[];
  environment?: SoftwareEnvironment;
  certificateProfile?: 'ob' | 'obwac';
};

/** Body of `POST /api/organisations/<org_id>/software`; every member is optional. */
export const createSoftwareBodySchema = z.strictObject({
  client_name: z.string().trim().min(1).max(100).optional(),
  roles: z.array(directoryRoleSchema).min(1).optional(),
  redirect_uris: z.array(z.string()).min(1).optional(),
  environment: softwareEnvironmentSchema.optional(),
  certificate_profile: z.enum(['ob', 'obwac']).optional(),
});

// One fixed description per member, so that clients can match on it.
const MEMBER_ERRORS: Record<string, string> = {
  client_name: '"client_name" must be a string of 1 to 100 characters',
  roles: '"roles" must be a non-empty array of "AISP", "PISP", "CBPII" or "ASPSP"',
  redirect_uris: '"redirect_uris" must be a non-empty array of strings',
  environment: '"environment" must be "sandbox" or "production"',
  certificate_profile: '"certificate_profile" must be "ob" (legacy OB) or "obwac" (an eIDAS QWAC with its PSD2 statement)',
};

/** Validates a create-software body against the schema and the organisation: its roles, https non-loopback redirect URIs. */
export function parseCreateSoftwareRequest(
  body: unknown,
  organisation: Organisation,
): { ok: true; request: CreateSoftwareRequest } | { ok: false; error: ApiError } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalid('invalid_request', 'request body must be a JSON object');
  }
  const parsed = createSoftwareBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      return invalid('invalid_request', `"${issue.keys[0]}" is not a recognised member`);
    }
    const member = String(issue?.path[0] ?? '');
    return invalid('invalid_request', MEMBER_ERRORS[member] ?? 'request body is invalid');
  }
  const { client_name: clientName, roles, redirect_uris: redirectUris, environment, certificate_profile: certificateProfile } = parsed.data;
  if (roles?.some((role) => !organisation.roles.includes(role))) {
    return invalid('invalid_request', `"roles" must be a subset of the organisation's roles (${organisation.roles.join(', ')})`);
  }
  if (redirectUris?.some((uri) => !isAcceptableRedirectUri(uri))) {
    return invalid('invalid_redirect_uri', '"redirect_uris" must be https URLs that do not point at localhost or a loopback address');
  }
  return { ok: true, request: { clientName, roles: roles && [...new Set(roles)], redirectUris, environment, certificateProfile } };
}

function isAcceptableRedirectUri(uri: string): boolean {
  const url = URL.parse(uri);
  return url !== null && url.protocol === 'https:' && !isLoopbackHost(url.hostname) && url.hash === '';
}

function invalid(error: string, description: string): { ok: false; error: ApiError } {
  return { ok: false, error: { status: 400, error, error_description: description } };
}
