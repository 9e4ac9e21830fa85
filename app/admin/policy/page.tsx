import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminSectionNav } from '@/components/admin/admin-section-nav';
import { formatDateTime } from '@/components/admin/format-date-time';
import { LiftRevocationForm } from '@/components/admin/lift-revocation-form';
import { PolicyForm } from '@/components/admin/policy-form';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/auth/require-admin';
import { getEnv } from '@/lib/env';
import { DECISION_REASON_MAX_LENGTH } from '@/lib/admin/decision-reason-schema';
import { getPolicy } from '@/lib/policy/get-policy';
import { listRevocations } from '@/lib/software-revocation/list-revocations';
import { liftRevocationAction } from './actions';

export const metadata: Metadata = { title: 'Registration policy' };

export default async function PolicyPage() {
  await requireAdmin('/admin/policy');
  const [policy, revocations] = await Promise.all([getPolicy(), listRevocations()]);
  return (
    <>
      <PageHeader
        title="Registration policy"
        lead="How the bank treats new registrations, manual and dynamic. Changes apply to registrations from now on; existing clients keep their status."
      />
      <AdminSectionNav current="/admin/policy" />
      <Card>
        <PolicyForm
          current={{
            mcrSandboxStatus: policy.mcrSandboxStatus,
            mcrProductionStatus: policy.mcrProductionStatus,
            dcrSandboxStatus: policy.dcrSandboxStatus,
            dcrProductionStatus: policy.dcrProductionStatus,
            maxSsaAgeSeconds: policy.maxSsaAgeSeconds === null ? '' : String(policy.maxSsaAgeSeconds),
            maxRegistrationJwtLifetimeSeconds: String(policy.maxRegistrationJwtLifetimeSeconds),
            maxClientAssertionLifetimeSeconds: String(policy.maxClientAssertionLifetimeSeconds),
            tokenEndpointAuthMethods: policy.tokenEndpointAuthMethods,
            revokedSoftwareRegistrations: policy.revokedSoftwareRegistrations,
          }}
          isDcrSecretAllowed={getEnv().dcrAllowClientSecretBasic}
        />
        <p className="mt-6 text-xs text-slate-500">
          Last changed {formatDateTime(policy.updatedAt)}
          {policy.updatedBy ? '' : ' (the defaults)'}. Every change is in the audit trail as <code>policy.updated</code>, with the policy before and after.
        </p>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold" id="revocations">
          Revoked software and organisations
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Revoking a client revokes its software (and, if ticked, its organisation): new registrations of it are{' '}
          {policy.revokedSoftwareRegistrations === 'refuse' ? 'refused' : 'held for review'}. Lifting a revocation is an audited decision.
        </p>
        {revocations.software.length === 0 && revocations.organisations.length === 0 ? (
          <p className="mt-4 text-sm text-slate-700">Nothing is revoked.</p>
        ) : null}
        <ul className="mt-4 space-y-4" data-testid="revocations">
          {revocations.software.map((revocation) => (
            <li key={revocation.id} className="rounded-lg border border-slate-200 p-4">
              <p className="text-sm">
                Software <code>{revocation.softwareId}</code> ({revocation.environment}) of {revocation.organisationName}, revoked {formatDateTime(revocation.revokedAt)}
                {revocation.clientId ? (
                  <>
                    {' '}
                    with client{' '}
                    <Link href={`/admin/clients/${revocation.clientId}`} className="font-mono text-brand-700 underline">
                      {revocation.clientId}
                    </Link>
                  </>
                ) : null}
                : “{revocation.reason}”
              </p>
              <div className="mt-2">
                <LiftRevocationForm
                  action={liftRevocationAction.bind(null, 'software', revocation.id)}
                  subject={`software "${revocation.softwareId}" (${revocation.environment})`}
                  id={revocation.id}
                  reasonMaxLength={DECISION_REASON_MAX_LENGTH}
                />
              </div>
            </li>
          ))}
          {revocations.organisations.map((revocation) => (
            <li key={revocation.id} className="rounded-lg border border-slate-200 p-4">
              <p className="text-sm">
                Organisation {revocation.organisationName} (<code>{revocation.directoryOrgId}</code>), revoked {formatDateTime(revocation.revokedAt)}: “{revocation.reason}”
              </p>
              <div className="mt-2">
                <LiftRevocationForm
                  action={liftRevocationAction.bind(null, 'organisation', revocation.id)}
                  subject={`organisation ${revocation.organisationName}`}
                  id={revocation.id}
                  reasonMaxLength={DECISION_REASON_MAX_LENGTH}
                />
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
