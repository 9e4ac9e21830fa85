import type { RateLimitTable } from '@/lib/env';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { CodeBlock } from '@/components/api-docs/code-block';
import { InlineCode } from '@/components/api-docs/inline-code';
import { ProfileTable } from '@/components/api-docs/profile-table';
import { WorkedExample } from '@/components/api-docs/worked-example';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { buildApiProfile } from '@/lib/api-profile/build-api-profile';
import { buildWorkedExample } from '@/lib/api-profile/build-worked-example';
import { getCurrentUser } from '@/lib/auth/get-current-user';
import { getEnv } from '@/lib/env';
import { getPolicy } from '@/lib/policy/get-policy';

export const metadata: Metadata = { title: 'API' };

const SECTIONS = [
  ['endpoints', 'Endpoints'],
  ['registration-request', 'The registration request'],
  ['software-statement', 'The software statement'],
  ['scopes', 'Scopes per role'],
  ['token', 'Tokens and client authentication'],
  ['mtls', 'Mutual TLS'],
  ['errors', 'Errors'],
  ['worked-example', 'Worked example'],
] as const;

const LINK = 'font-medium text-brand-700 underline';

export default async function ApiDocsPage() {
  // The profile is the run-time configuration's, never the build's.
  await connection();
  const env = getEnv();
  const [user, policy] = await Promise.all([getCurrentUser(), getPolicy()]);
  const profile = buildApiProfile(env, policy);
  const steps = buildWorkedExample(env, { orgId: user?.organisation.directoryOrgId ?? null });
  const { registration, softwareStatement, token, mtls } = profile;
  // The example registers for tls_client_auth and gets a token at once; say so when the bank's policy says otherwise.
  const exampleCaveat = !registration.authMethods.includes('tls_client_auth')
    ? 'The bank does not accept tls_client_auth for new registrations at present: register with private_key_jwt instead.'
    : registration.initialStatus?.some(({ status }) => status !== 'active')
      ? 'New clients start pending here: step 4 answers invalid_client until the bank approves your client.'
      : null;

  return (
    <>
      <PageHeader
        title="Dynamic client registration API"
        lead={
          <>
            How TPP software registers itself with the bank: {profile.specification}. Everything below is generated from the checks the API
            runs, so it is exactly what the bank enforces.
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <h2 className="sr-only">At a glance</h2>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]" data-testid="profile-summary">
            <Fact label="Mutual TLS base URL">
              <InlineCode>{profile.mtlsUrl}</InlineCode>
            </Fact>
            <Fact label="Issuer">
              <InlineCode>{profile.issuer}</InlineCode>
            </Fact>
            <Fact label="Discovery">
              <a href={profile.discoveryUrl} className={LINK}>
                {profile.discoveryUrl}
              </a>
            </Fact>
            <Fact label="OpenAPI 3.1 document">
              <a href={profile.openApiUrl} className={LINK}>
                {profile.openApiUrl}
              </a>
            </Fact>
            <Fact label="Bank signing keys">
              <a href={profile.jwksUrl} className={LINK}>
                {profile.jwksUrl}
              </a>
            </Fact>
          </dl>
          <nav aria-label="On this page" className="mt-5 border-t border-slate-100 pt-4">
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {SECTIONS.map(([id, title]) => (
                <li key={id}>
                  <a href={`#${id}`} className={LINK}>
                    {title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </Card>

        <Section id="endpoints" title="Endpoints">
          <p className="text-sm text-slate-700">
            Every endpoint is served over mutual TLS at <InlineCode>{profile.mtlsUrl}</InlineCode>; present your software&apos;s transport
            certificate on every call. Answers carry <InlineCode>Cache-Control: no-store</InlineCode>.
          </p>
          <ProfileTable
            caption="Endpoints of the DCR API"
            testId="endpoints-table"
            columns={['Operation', 'URL', 'Authentication', 'Request body', 'Success']}
            rows={profile.operations.map((operation) => ({
              key: operation.id,
              cells: [
                <span key="operation" className="whitespace-nowrap font-mono text-xs">
                  {operation.method} {operation.path}
                </span>,
                <InlineCode key="url">{operation.url}</InlineCode>,
                operation.security.map((scheme) => (scheme === 'mutualTLS' ? 'mutual TLS' : 'bearer access token')).join(' + '),
                operation.requestContentTypes.length === 0 ? (
                  '—'
                ) : (
                  <>
                    {joinCode(operation.requestContentTypes, ' or ')}
                    {operation.maxBodyBytes ? `, at most ${operation.maxBodyBytes / 1024} KiB` : null}
                  </>
                ),
                <>
                  <strong>{operation.success.status}</strong> {operation.success.description}
                </>,
              ],
            }))}
          />
          <p className="mt-3 text-sm text-slate-700" data-testid="rate-limits">
            Rate limits, per transport certificate, per software it names and per client address, in windows of a minute shared by every instance of the API host: {describeRateLimit('/register and /register/{clientId}', profile.rateLimits.register)};{' '}
            {describeRateLimit('/token', profile.rateLimits.token)}. Over a limit the answer is <InlineCode>429 too_many_requests</InlineCode> with{' '}
            <InlineCode>Retry-After</InlineCode> in seconds.
          </p>
        </Section>

        <Section id="registration-request" title="The registration request">
          <h3 className="font-semibold">Format</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="registration-format">
            <li>
              Body: the registration JWT itself, a compact JWS, sent with <InlineCode>Content-Type</InlineCode>{' '}
              {joinCode(registration.contentTypes, ' or ')}.
            </li>
            <li>
              Signed {joinCode(registration.signingAlgorithms, ' or ')} with {registration.signingKey}; the header carries that{' '}
              <InlineCode>kid</InlineCode>.
            </li>
            <li>
              <InlineCode>aud</InlineCode>: {joinCode(registration.audiences, ' or ')}.
            </li>
            <li>Clocks: {registration.clockToleranceSeconds} seconds of tolerance on <InlineCode>iat</InlineCode> and <InlineCode>exp</InlineCode>.</li>
            {registration.initialStatus?.map(({ environment, status }) => (
              <li key={environment}>
                A new client of a <InlineCode>{environment}</InlineCode> SSA starts <strong>{status}</strong>
                {status === 'pending' ? ": the bank reviews it first, and until it is approved the token endpoint answers invalid_client" : ': it can get tokens at once'}
                .
              </li>
            ))}
          </ul>
          <h3 className="mt-6 font-semibold">Claims of the registration JWT</h3>
          <ProfileTable
            caption="Claims the registration JWT carries"
            testId="request-claims-table"
            columns={['Claim', 'Rule']}
            rows={registration.requestClaims.map((rule) => ({ key: rule.claim, cells: [<InlineCode key="claim">{rule.claim}</InlineCode>, rule.rule] }))}
          />
          <h3 className="mt-6 font-semibold">Client metadata, and the defaults the bank substitutes</h3>
          <p className="mt-1 text-sm text-slate-700">
            Omitted fields (or JSON <InlineCode>null</InlineCode>) get the default; the registration response shows the values the bank
            recorded.
          </p>
          <ProfileTable
            caption="Client metadata the bank accepts, with defaults"
            testId="metadata-table"
            columns={['Claim', 'Accepted', 'Default when omitted', 'Rule']}
            rows={registration.metadata.map((rule) => ({
              key: rule.claim,
              cells: [
                <InlineCode key="claim">{rule.claim}</InlineCode>,
                rule.values ? joinCode(rule.values, ', ') : rule.accepted,
                rule.defaultValue ?? '— (none)',
                rule.rule,
              ],
            }))}
          />
        </Section>

        <Section id="software-statement" title="The software statement">
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="ssa-rules">
            <li>
              A compact JWS signed {joinCode(softwareStatement.algorithms, ' or ')} (never <InlineCode>none</InlineCode> or HS*), with a{' '}
              <InlineCode>kid</InlineCode> found in the keys of the directory of its environment; at most {softwareStatement.maxBytes / 1024} KiB.
            </li>
            <li>
              <InlineCode>iss</InlineCode>: {joinCode(softwareStatement.issuers, ' or ')}.
            </li>
            <li>
              <InlineCode>software_environment</InlineCode>: {joinCode(softwareStatement.environments, ' or ')}, and the environment of the
              directory whose key signed it (never the statement&apos;s claim alone); the client is created in that environment, and its certificates must
              be issued by that environment&apos;s certificate authority.
            </li>
            <li>
              <InlineCode>org_status</InlineCode>: <InlineCode>{softwareStatement.orgStatus}</InlineCode>. <InlineCode>iat</InlineCode> in seconds, not in
              the future
              {softwareStatement.maxAgeSeconds === null ? '' : `, and at most ${softwareStatement.maxAgeSeconds} seconds old: download a fresh SSA before registering`}
              .
            </li>
            <li>Required claims: {joinCode(softwareStatement.requiredClaims, ', ')}.</li>
            {softwareStatement.trustDomains.map((domain) => (
              <li key={domain.environment}>
                <InlineCode>{domain.environment}</InlineCode>: SSAs signed by the keys at <InlineCode>{domain.directoryJwksUri}</InlineCode> with{' '}
                <InlineCode>iss</InlineCode> {joinCode(domain.issuers, ' or ')}; software JWKS fetched only from {joinCode(domain.jwksHosts, ', ')}.
              </li>
            ))}
          </ul>
        </Section>

        <Section id="scopes" title="Scopes per role">
          <p className="text-sm text-slate-700">
            The SSA&apos;s <InlineCode>software_roles</InlineCode> decide which scopes a client may register; {joinCode(profile.scopes.alwaysAllowed, ', ')} is
            always allowed.
          </p>
          <ProfileTable
            caption="Scopes each directory role allows"
            testId="scopes-table"
            columns={['Role', 'Scopes']}
            rows={profile.scopes.byRole.map(({ role, scopes }) => ({ key: role, cells: [role, joinCode(scopes, ' ')] }))}
          />
        </Section>

        <Section id="token" title="Tokens and client authentication">
          <p className="text-sm text-slate-700">
            <InlineCode>POST /token</InlineCode> grants {joinCode(token.grantTypes, ', ')} only. Without a <InlineCode>scope</InlineCode>, the token
            gets {token.defaultScope}.
          </p>
          <ProfileTable
            caption="Token endpoint authentication methods"
            testId="auth-methods-table"
            columns={['Method', 'At POST /register', 'Register with', 'How the client authenticates']}
            rows={token.authMethods.map((rule) => ({
              key: rule.method,
              cells: [
                <InlineCode key="method">{rule.method}</InlineCode>,
                rule.isRegistrable ? 'accepted' : 'refused',
                rule.requiredMetadata ? <InlineCode key="metadata">{rule.requiredMetadata}</InlineCode> : '—',
                <>
                  {rule.howToAuthenticate}
                  {rule.note ? <span className="mt-1 block text-slate-500">{rule.note}</span> : null}
                </>,
              ],
            }))}
          />
          <h3 className="mt-6 font-semibold">Access tokens</h3>
          <dl className="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid="access-token-facts">
            <Fact label="Format">{token.accessToken.format}</Fact>
            <Fact label="Lifetime">{token.accessToken.lifetimeSeconds} seconds</Fact>
            <Fact label="Bound to">
              the client certificate: <InlineCode>{token.accessToken.binding}</InlineCode> (RFC 8705)
            </Fact>
            <Fact label="Issuer / audience">
              <InlineCode>{token.accessToken.issuer}</InlineCode> / <InlineCode>{token.accessToken.audience}</InlineCode>
            </Fact>
            <Fact label="Good for">{token.accessToken.use}</Fact>
          </dl>
        </Section>

        <Section id="mtls" title="Mutual TLS">
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="mtls-facts">
            <li>
              {mtls.terminator === 'embedded' ? (
                <>
                  Onboard&apos;s own TLS terminator listens at <InlineCode>{profile.mtlsUrl}</InlineCode>. Its server certificate comes from a local
                  CA: trust <InlineCode>{mtls.serverCaPath}</InlineCode> (curl <InlineCode>--cacert</InlineCode>).
                </>
              ) : (
                <>
                  The bank&apos;s TLS terminator at <InlineCode>{profile.mtlsUrl}</InlineCode> serves a certificate from a public CA.
                </>
              )}
            </li>
            <li>
              Client certificates are verified against {mtls.trustedClientCa.name}
              {mtls.trustedClientCa.url ? (
                <>
                  {' '}
                  (<a href={mtls.trustedClientCa.url} className={LINK}>
                    {mtls.trustedClientCa.url}
                  </a>
                  )
                </>
              ) : null}
              . The terminator forwards the verified certificate to the portal in <InlineCode>{mtls.certHeader}</InlineCode> and overwrites
              whatever a client sends in that header.
            </li>
            {mtls.transportCertificate.map((rule) => (
              <li key={rule}>Transport certificate: {rule}.</li>
            ))}
            <li>An unverified or missing certificate does not fail the handshake: the API answers with a JSON error instead.</li>
          </ul>
        </Section>

        <Section id="errors" title="Errors">
          <p className="text-sm text-slate-700">
            Every error is JSON: <InlineCode>{'{"error": "…", "error_description": "…"}'}</InlineCode>. The description says what is wrong;
            the code and status are stable.
          </p>
          <ProfileTable
            caption="Error codes, HTTP statuses and when they are answered"
            testId="errors-table"
            columns={['error', 'Status', 'When', 'Answered by']}
            rows={profile.errors.map((rule) => ({
              key: rule.code,
              cells: [
                <InlineCode key="code">{rule.code}</InlineCode>,
                rule.status,
                rule.when,
                rule.operations.length === 0 ? 'not answered by the API' : rule.operations.map((id) => describeOperation(profile, id)).join(', '),
              ],
            }))}
          />
          <h3 className="mt-6 font-semibold">Answered by the TLS terminator itself</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {mtls.terminatorAnswers.map((answer) => (
              <li key={answer.status}>
                <strong>{answer.status}</strong> <InlineCode>{answer.error}</InlineCode>: {answer.when}.
              </li>
            ))}
          </ul>
        </Section>

        <Section id="worked-example" title="Worked example">
          <p className="text-sm text-slate-700">
            From software to a managed client, with curl, jq and Node.js 20+ (the signing script needs{' '}
            <InlineCode>npm install jose</InlineCode>). Run every step in the same folder.
          </p>
          {env.isSandboxDirectory && !user ? (
            <div className="mt-3">
              <Notice title="Fill in your organisation">
                Replace <InlineCode>&lt;org_id&gt;</InlineCode> with your organisation&apos;s directory id, or sign in with a sandbox account and this page
                fills it in.
              </Notice>
            </div>
          ) : null}
          {exampleCaveat ? (
            <div className="mt-3">
              <Notice tone="warning" title="This deployment's policy changes the example">
                {exampleCaveat}
              </Notice>
            </div>
          ) : null}
          <WorkedExample steps={steps} />
        </Section>

        <Card>
          <h2 className="text-lg font-semibold">Machine-readable</h2>
          <p className="mt-1 text-sm text-slate-700">
            The same profile as an OpenAPI 3.1 document, and the bank&apos;s OpenID Provider metadata:
          </p>
          <CodeBlock
            label="Shell: fetch the OpenAPI document and discovery"
            language="shell"
            code={[`curl -sS ${profile.openApiUrl}`, `curl -sS ${profile.discoveryUrl}`].join('\n')}
          />
        </Card>
      </div>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="scroll-mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" id={id}>
      <h2 id={`${id}-heading`} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function joinCode(values: readonly string[], separator: string): ReactNode {
  return values.map((value, index) => (
    <span key={value}>
      {index > 0 ? separator : null}
      <InlineCode>{value}</InlineCode>
    </span>
  ));
}

function describeOperation(profile: ReturnType<typeof buildApiProfile>, id: string): string {
  const operation = profile.operations.find((candidate) => candidate.id === id);
  return operation ? `${operation.method} ${operation.path}` : id;
}

function describeRateLimit(paths: string, table: RateLimitTable): string {
  const perMinute = (limit: number | null) => (limit === null ? 'unlimited' : `${limit} requests a minute`);
  const named = Object.entries(table.byEnvironment).map(([environment, limit]) => `${perMinute(limit)} in ${environment}`);
  return named.length === 0 ? `${paths} ${perMinute(table.otherwise)}` : `${paths} ${[...named, `${perMinute(table.otherwise)} elsewhere`].join(', ')}`;
}
