import { describe, expect, it } from 'vitest';

import { allowedScopesForRoles } from './allowed-scopes-for-roles';

describe('allowedScopesForRoles', () => {
  it.each([
    [[], ['openid']],
    [['AISP'], ['openid', 'accounts']],
    [['PISP'], ['openid', 'payments']],
    [['CBPII'], ['openid', 'fundsconfirmations']],
    [['CBPII', 'PISP', 'AISP'], ['openid', 'accounts', 'payments', 'fundsconfirmations']],
    [['PISP', 'PISP', 'AISP'], ['openid', 'accounts', 'payments']],
    [['ASPSP', 'aisp', 'toString', 'constructor'], ['openid']],
  ])('maps %j to %j', (roles, scopes) => {
    expect(allowedScopesForRoles(roles)).toEqual(scopes);
  });
});
