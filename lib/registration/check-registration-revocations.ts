import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import type { CheckDefinition, ReportBuilder } from '@/lib/validation/create-report-builder';

/** A bank admin's revocation that stands against a registration: when it was made. */
export type RegistrationRevocation = { id: string; revokedAt: Date };

/** The revocations standing against an SSA's software (in its environment) and against its organisation. */
export type RegistrationRevocations = { software: RegistrationRevocation | null; organisation: RegistrationRevocation | null };

/** Finds the standing (not lifted) revocations of a software in an environment and of its directory organisation. */
export type FindRegistrationRevocations = (subject: { softwareId: string; environment: string; directoryOrgId: string }) => Promise<RegistrationRevocations>;

/** *policy*: a registration of revoked software (or of a revoked organisation) is refused, or held pending for review. */
export type RevokedSoftwarePolicy = 'refuse' | 'hold';

/** What the revocation checks need from outside: the lookup and the bank's policy. */
export type RegistrationRevocationDeps = { findRevocations: FindRegistrationRevocations; revokedSoftwarePolicy: RevokedSoftwarePolicy };

/** Issue 15: revoking a client revokes its software (and, as an admin option, its organisation) for new registrations. */
export const REGISTRATION_REVOCATION_CHECKS = {
  software: {
    id: 'revocation.software',
    title: 'software has not been revoked by the bank',
    claim: 'software_id',
    code: 'unapproved_software_statement',
    hint: "The bank revoked this software: ask the bank's support to review it; it can be registered again only once an admin lifts the revocation.",
  },
  organisation: {
    id: 'revocation.organisation',
    title: "software's organisation has not been revoked by the bank",
    claim: 'org_id',
    code: 'unapproved_software_statement',
    hint: "The bank revoked your organisation: ask the bank's support to review it; its software can be registered only once an admin lifts the revocation.",
  },
} as const satisfies Record<string, CheckDefinition>;

/** The revocation checks in report order. */
export const REGISTRATION_REVOCATION_CHECK_LIST: readonly CheckDefinition[] = [REGISTRATION_REVOCATION_CHECKS.software, REGISTRATION_REVOCATION_CHECKS.organisation];

/**
 * Runs the revocation checks on an accepted SSA (`when` false, or no SSA: both `not_run`). Under the `refuse` policy a
 * standing revocation fails its check; under `hold` the checks pass and the revocations are returned, so that the
 * registration is created pending for review. Returns the revocations a registration is held for, else null.
 */
export async function checkRegistrationRevocations(
  report: ReportBuilder,
  ssa: SoftwareStatementClaims | null,
  deps: RegistrationRevocationDeps,
  when: boolean,
): Promise<RegistrationRevocations | null> {
  if (ssa === null || !when) {
    REGISTRATION_REVOCATION_CHECK_LIST.forEach((check) => report.skip(check));
    return null;
  }
  const revocations = await deps.findRevocations({ softwareId: ssa.software_id, environment: ssa.software_environment, directoryOrgId: ssa.org_id });
  const isRefused = deps.revokedSoftwarePolicy === 'refuse';
  const { software, organisation } = revocations;
  await report.check(
    REGISTRATION_REVOCATION_CHECKS.software,
    () =>
      software === null ||
      !isRefused ||
      `software "${ssa.software_id}" was revoked by the bank on ${formatRevocationDay(software.revokedAt)}; registrations for it are refused until an admin lifts the revocation`,
  );
  await report.check(
    REGISTRATION_REVOCATION_CHECKS.organisation,
    () =>
      organisation === null ||
      !isRefused ||
      `organisation "${ssa.org_id}" was revoked by the bank on ${formatRevocationDay(organisation.revokedAt)}; registrations of its software are refused until an admin lifts the revocation`,
  );
  return software === null && organisation === null ? null : revocations;
}

/** The day of a revocation as messages give it: `2026-12-02` (UTC). */
export function formatRevocationDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
