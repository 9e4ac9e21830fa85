import { describe, expect, it } from 'vitest';
import { readDirectoryIdentity, type DirectoryClaimNames } from './read-directory-identity';

const names: DirectoryClaimNames = { tppAssociated: 'tpp_associated', orgId: 'org_id', orgName: 'org_name', orgRoles: 'org_roles' };
const tpp = { sub: 'user-1', email: 'a@example.com', name: 'A', tpp_associated: true, org_id: 'org-1', org_name: 'Org One', org_roles: ['PISP', 'AISP'] };

describe('readDirectoryIdentity', () => {
  it('admits a TPP user and reads the organisation with sorted roles', () => {
    expect(readDirectoryIdentity(tpp, names)).toEqual({
      ok: true,
      identity: {
        subject: 'user-1',
        email: 'a@example.com',
        name: 'A',
        organisation: { directoryOrgId: 'org-1', name: 'Org One', roles: ['AISP', 'PISP'] },
      },
    });
  });

  it.each([
    ['tpp_associated false', { ...tpp, tpp_associated: false }, 'not_tpp_associated'],
    ['tpp_associated missing', { ...tpp, tpp_associated: undefined }, 'not_tpp_associated'],
    ['tpp_associated as the string "true"', { ...tpp, tpp_associated: 'true' }, 'not_tpp_associated'],
    ['no subject', { ...tpp, sub: undefined }, 'not_tpp_associated'],
    ['org_id missing', { ...tpp, org_id: undefined }, 'missing_organisation'],
    ['org_id blank', { ...tpp, org_id: '  ' }, 'missing_organisation'],
    ['org_name of the wrong type', { ...tpp, org_name: 42 }, 'missing_organisation'],
  ])('refuses when %s', (_label, claims, refusal) => {
    expect(readDirectoryIdentity(claims, names)).toMatchObject({ ok: false, refusal });
  });

  it('reads roles given as a space or comma separated string, dropping blanks and duplicates', () => {
    const result = readDirectoryIdentity({ ...tpp, org_roles: 'PISP, AISP  AISP' }, names);
    expect(result.ok && result.identity.organisation.roles).toEqual(['AISP', 'PISP']);
  });

  it('uses the configured claim names', () => {
    const custom = { tppAssociated: 'https://ob/tpp', orgId: 'organisation_id', orgName: 'organisation_name', orgRoles: 'roles' };
    const result = readDirectoryIdentity(
      { sub: 's', 'https://ob/tpp': true, organisation_id: 'o', organisation_name: 'O', roles: ['CBPII'] },
      custom,
    );
    expect(result).toMatchObject({ ok: true, identity: { organisation: { directoryOrgId: 'o', name: 'O', roles: ['CBPII'] } } });
  });
});
