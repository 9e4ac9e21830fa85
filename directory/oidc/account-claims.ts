import type { DirectoryState, DirectoryUser } from '../state/directory-state';

/** The claims the directory asserts about a user; the portal admits only `tpp_associated: true`. */
export type AccountClaims = {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  tpp_associated: boolean;
  org_id?: string;
  org_name?: string;
  org_roles?: string[];
  /** Workforce groups of the bank's staff (the sandbox plays the bank's workforce IdP too). */
  groups?: string[];
};

/** A user's claims: identity, and the organisation's id, name and roles when the user belongs to a TPP. */
export function accountClaims(state: DirectoryState, user: DirectoryUser): AccountClaims {
  const identity = { sub: user.sub, email: user.email, email_verified: true, name: user.name, ...(user.groups ? { groups: [...user.groups] } : {}) };
  const organisation = user.orgId === undefined ? undefined : state.organisations.find((candidate) => candidate.id === user.orgId);
  if (!organisation) {
    return { ...identity, tpp_associated: false };
  }
  return {
    ...identity,
    // A user of the bank's own (ASPSP) organisation is not a TPP user.
    tpp_associated: organisation.roles.some((role) => role !== 'ASPSP'),
    org_id: organisation.id,
    org_name: organisation.name,
    org_roles: [...organisation.roles],
  };
}
