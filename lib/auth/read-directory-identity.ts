/** Names of the directory token claims the portal reads; configurable because the live directory's may differ. */
export type DirectoryClaimNames = {
  tppAssociated: string;
  orgId: string;
  orgName: string;
  orgRoles: string;
};

/** A TPP user as the directory describes them in its ID token. */
export type DirectoryIdentity = {
  subject: string;
  email: string | null;
  name: string | null;
  organisation: { directoryOrgId: string; name: string; roles: string[] };
};

/** Why a directory user is not admitted to the portal. */
export type SignInRefusal = 'not_tpp_associated' | 'missing_organisation';

export type ReadDirectoryIdentityResult =
  | { ok: true; identity: DirectoryIdentity }
  | { ok: false; refusal: SignInRefusal; subject: string | null };

/**
 * Reads a TPP identity from directory ID token claims. Only users whose token says
 * `tpp_associated: true` (the boolean, not a truthy string) and names their organisation get in.
 */
export function readDirectoryIdentity(claims: Record<string, unknown>, names: DirectoryClaimNames): ReadDirectoryIdentityResult {
  const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : null;
  if (claims[names.tppAssociated] !== true || subject === null) {
    return { ok: false, refusal: 'not_tpp_associated', subject };
  }
  const orgId = claims[names.orgId];
  const orgName = claims[names.orgName];
  if (typeof orgId !== 'string' || orgId.trim() === '' || typeof orgName !== 'string' || orgName.trim() === '') {
    return { ok: false, refusal: 'missing_organisation', subject };
  }
  return {
    ok: true,
    identity: {
      subject,
      email: typeof claims.email === 'string' ? claims.email : null,
      name: typeof claims.name === 'string' ? claims.name : null,
      organisation: { directoryOrgId: orgId.trim(), name: orgName.trim(), roles: readRoles(claims[names.orgRoles]) },
    },
  };
}

// Directories disagree on the shape of roles: an array, or a space/comma separated string.
function readRoles(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const roles = items.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((role) => role.trim());
  return [...new Set(roles)].sort();
}
