import type { Metadata } from 'next';
import { AdminSectionNav } from '@/components/admin/admin-section-nav';
import { formatDateTime } from '@/components/admin/format-date-time';
import { PolicyForm } from '@/components/admin/policy-form';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/auth/require-admin';
import { getEnv } from '@/lib/env';
import { getPolicy } from '@/lib/policy/get-policy';

export const metadata: Metadata = { title: 'Registration policy' };

export default async function PolicyPage() {
  await requireAdmin('/admin/policy');
  const policy = await getPolicy();
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
          }}
          isDcrSecretAllowed={getEnv().dcrAllowClientSecretBasic}
        />
        <p className="mt-6 text-xs text-slate-500">
          Last changed {formatDateTime(policy.updatedAt)}
          {policy.updatedBy ? '' : ' (the defaults)'}. Every change is in the audit trail as <code>policy.updated</code>, with the policy before and after.
        </p>
      </Card>
    </>
  );
}
