import Link from 'next/link';
import { Card } from '@/components/ui/card';

export default function HomePage() {
  return (
    <div className="space-y-12">
      <section className="max-w-3xl">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">For third-party providers</p>
        <h1 className="mt-2 text-4xl font-semibold tracking-tight text-slate-900">Connect your Open Banking software to the bank</h1>
        <p className="mt-4 text-lg text-slate-600">
          Onboard registers OAuth clients for account information (AISP), payment initiation (PISP) and
          confirmation of funds (CBPII) providers enrolled in the Open Banking Directory. Every client starts
          from a Software Statement Assertion (SSA) that the directory issued to your organisation.
        </p>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="text-xl font-semibold">Register manually, in this portal</h2>
          <ol className="mt-4 list-decimal space-y-2 pl-5 text-slate-700">
            <li>Sign in with your Open Banking Directory account (your organisation must be a TPP).</li>
            <li>Upload or paste an SSA for your software.</li>
            <li>Review the validation report: every check, with a hint for anything that fails.</li>
            <li>Choose redirect URIs, scopes and how your client authenticates; receive your client id.</li>
          </ol>
          <Link href="/register" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Start a registration
          </Link>
        </Card>
        <Card>
          <h2 className="text-xl font-semibold">Register dynamically, over the API</h2>
          <ol className="mt-4 list-decimal space-y-2 pl-5 text-slate-700">
            <li>Connect over mutual TLS with your directory-issued transport certificate.</li>
            <li>
              <code className="rounded bg-slate-100 px-1">POST /register</code> a registration JWT, signed with your software&apos;s
              signing key, carrying the SSA (OB DCR v3.3).
            </li>
            <li>Manage the client with <code className="rounded bg-slate-100 px-1">GET/PUT/DELETE /register/&#123;clientId&#125;</code> and a client-credentials token.</li>
          </ol>
          <Link href="/api-docs" className="mt-6 inline-block rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-700 hover:bg-slate-100">
            Read the API profile
          </Link>
        </Card>
      </div>

      <Card className="bg-brand-50/50">
        <h2 className="text-lg font-semibold">Trying it out?</h2>
        <p className="mt-2 text-slate-700">
          The <Link href="/sandbox" className="font-medium text-brand-700 underline">Sandbox</Link> page lists test accounts of the
          built-in sandbox directory, so you can sign in and register a client without an Open Banking enrolment. Whichever way
          you register, all of your organisation&apos;s clients appear under <Link href="/applications" className="font-medium text-brand-700 underline">My applications</Link>.
        </p>
      </Card>
    </div>
  );
}
