import type { RegistrationRevocations } from '@/lib/registration/check-registration-revocations';

/** The `client.registered` audit details of a registration held for review because the bank revoked its software or organisation. */
export function heldForDetails(heldFor: RegistrationRevocations | null): { heldForRevocations?: { software: string | null; organisation: string | null } } {
  if (heldFor === null) return {};
  return { heldForRevocations: { software: heldFor.software?.id ?? null, organisation: heldFor.organisation?.id ?? null } };
}
