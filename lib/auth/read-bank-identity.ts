/** How the portal decides who is a bank admin, from the workforce IdP's claims. */
export type AdminRoleRule = { groupsClaim: string; adminGroup: string; adminAllowlist: string[] };

/** A member of the bank's staff as the workforce IdP describes them. */
export type BankIdentity = { subject: string; email: string | null; name: string | null; isAdmin: boolean };

/**
 * Reads a bank staff identity from workforce IdP ID token claims. The admin role comes from a group
 * claim (array, or space/comma separated string) or from an allow-list of emails or subjects.
 */
export function readBankIdentity(claims: Record<string, unknown>, rule: AdminRoleRule): BankIdentity | null {
  if (typeof claims.sub !== 'string' || claims.sub === '') return null;
  const email = typeof claims.email === 'string' ? claims.email : null;
  const rawGroups = claims[rule.groupsClaim];
  const groups = Array.isArray(rawGroups) ? rawGroups : typeof rawGroups === 'string' ? rawGroups.split(/[\s,]+/) : [];
  const allowlist = rule.adminAllowlist.map((entry) => entry.toLowerCase());
  const isAllowListed = allowlist.includes(claims.sub.toLowerCase()) || (email !== null && allowlist.includes(email.toLowerCase()));
  return {
    subject: claims.sub,
    email,
    name: typeof claims.name === 'string' ? claims.name : null,
    isAdmin: groups.includes(rule.adminGroup) || isAllowListed,
  };
}
