import type { Metadata } from 'next';
import { connection } from 'next/server';
import { SandboxSoftwareCreator } from '@/components/sandbox-software-creator';
import { SandboxTrustTools } from '@/components/sandbox-trust-tools';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { getCurrentUser } from '@/lib/auth/get-current-user';
import { getEnv } from '@/lib/env';
import { listSandboxAccounts, type SandboxAccount } from '@/lib/sandbox/list-sandbox-accounts';

export const metadata: Metadata = { title: 'Sandbox' };

export default async function SandboxPage() {
  // The accounts come from the running directory, never from build time.
  await connection();
  const env = getEnv();
  if (!env.isSandboxDirectory) {
    return (
      <>
        <PageHeader title="Sandbox" />
        <Notice title="No sandbox directory here">
          This deployment signs users in with the Open Banking Directory at <code>{env.directory.issuer}</code>. Use your directory
          sandbox enrolment to test.
        </Notice>
      </>
    );
  }
  const [accounts, user] = await Promise.all([listSandboxAccounts(), getCurrentUser()]);
  return (
    <>
      <PageHeader
        title="Sandbox"
        lead="A built-in stand-in for the Open Banking Directory: sign in with these test accounts, no enrolment needed. These credentials are for the sandbox only."
      />
      {accounts === null ? (
        <Notice tone="error" title="The sandbox directory is not answering">
          The portal could not reach the sandbox directory at <code>{env.sandboxDirectoryUrl}</code>. Is it running? <code>npm start</code>{' '}
          starts it with the portal.
        </Notice>
      ) : (
        <Card>
          <h2 className="text-lg font-semibold">Test accounts</h2>
          <div className="mt-4 overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="text-left text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Email</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Password</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Signs in as</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Roles or groups</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {accounts.map((account) => (
                  <tr key={account.email}>
                    <td className="py-2 pr-4 font-mono">{account.email}</td>
                    <td className="py-2 pr-4 font-mono">{account.password}</td>
                    <td className="py-2 pr-4">
                      <SandboxAccountRole account={account} />
                    </td>
                    <td className="py-2 pr-4">{account.roles?.join(', ') ?? account.groups?.join(', ') ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Software statements</h2>
        {user ? (
          <>
            <p className="mb-4 mt-1 text-slate-700">
              Create software for <strong>{user.organisation.name}</strong> in the sandbox directory: a signed SSA, a signing key and
              certificate, and a transport certificate and key, all from the sandbox CA. Then register a client with it.
            </p>
            <SandboxSoftwareCreator />
          </>
        ) : (
          <p className="mt-1 text-slate-700">Sign in with a TPP account above to create software statements for its organisation.</p>
        )}
      </Card>
      {user ? (
        <Card className="mt-6">
          <h2 className="text-lg font-semibold">Trust over time</h2>
          <p className="mb-4 mt-1 text-slate-700">
            Do to your organisation&apos;s software what the directory does in real life, and watch the bank react: its next token request is refused
            with the reason, the trust re-check suspends its client, and its application page says why and what to do. A certificate that ends soon is
            flagged on My applications.
          </p>
          <SandboxTrustTools />
        </Card>
      ) : null}
    </>
  );
}

// TPP users sign in on the portal; bank staff in the admin console (the sandbox directory plays both IdPs).
function SandboxAccountRole({ account }: { account: SandboxAccount }) {
  if (account.tppAssociated) return <>{account.orgName} (TPP)</>;
  if (account.groups?.includes('onboard-admins')) return <>bank admin — use the Admin console</>;
  if (account.groups) return <span className="text-slate-500">bank staff without the admin role (is refused)</span>;
  return <span className="text-slate-500">not a TPP user (is refused)</span>;
}
