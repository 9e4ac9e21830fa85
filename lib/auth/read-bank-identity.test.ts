import { describe, expect, it } from 'vitest';
import { readBankIdentity } from './read-bank-identity';

const rule = { groupsClaim: 'groups', adminGroup: 'onboard-admins', adminAllowlist: ['root@bank.example', 'sub-allowed'] };

describe('readBankIdentity', () => {
  it.each([
    ['a member of the admin group', { sub: 's1', email: 'a@bank.example', name: 'A', groups: ['staff', 'onboard-admins'] }, true],
    ['groups as a space separated string', { sub: 's1', groups: 'staff onboard-admins' }, true],
    ['staff without the admin group', { sub: 's1', email: 'b@bank.example', groups: ['staff'] }, false],
    ['no groups at all', { sub: 's1' }, false],
    ['an allow-listed email, case-insensitively', { sub: 's1', email: 'Root@Bank.example', groups: [] }, true],
    ['an allow-listed subject', { sub: 'sub-allowed' }, true],
    ['a group that only contains the admin group name', { sub: 's1', groups: ['onboard-admins-readonly'] }, false],
  ])('%s → admin: %s', (_label, claims, isAdmin) => {
    expect(readBankIdentity(claims, rule)?.isAdmin).toBe(isAdmin);
  });

  it('reads the identity and refuses a token without a subject', () => {
    expect(readBankIdentity({ sub: 's1', email: 'a@bank.example', name: 'A', groups: ['onboard-admins'] }, rule)).toEqual({
      subject: 's1',
      email: 'a@bank.example',
      name: 'A',
      isAdmin: true,
    });
    expect(readBankIdentity({ email: 'a@bank.example' }, rule)).toBeNull();
  });

  it('uses the configured group claim', () => {
    expect(readBankIdentity({ sub: 's1', roles: ['onboard-admins'] }, { ...rule, groupsClaim: 'roles' })?.isAdmin).toBe(true);
  });
});
