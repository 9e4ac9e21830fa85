import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'API' };

export default function ApiDocsPage() {
  const env = getEnv();
  return (
    <>
      <PageHeader title="Dynamic client registration API" lead="How TPP software registers itself with the bank (OB DCR v3.3)." />
      <Card>
        <h2 className="text-lg font-semibold">Coming next: the bank&apos;s DCR profile</h2>
        <p className="mt-2 text-slate-700">
          This page will publish the bank&apos;s profile: content types, the <code>aud</code> to use, algorithms, authentication
          methods, scopes per role, an OpenAPI document and a worked example with curl. The mutual-TLS endpoints will be served at{' '}
          <code className="rounded bg-slate-100 px-1">{env.mtlsUrl}</code>.
        </p>
      </Card>
    </>
  );
}
