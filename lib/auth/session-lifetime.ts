/**
 * How long a portal session lives from sign-in, whatever the cookie says (PortalSession.expiresAt). Absolute, not
 * idle: nothing is written per request. An admin can approve, suspend and revoke clients and read the audit trail,
 * so an admin session is shorter; constants rather than configuration (DESIGN.md's table names none).
 */
export const SESSION_MAX_AGE_SECONDS = { tpp: 8 * 60 * 60, admin: 60 * 60 } as const;
