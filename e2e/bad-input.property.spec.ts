import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { assertProperty } from '../lib/testing/arbitraries/assert-property';
import { E2E } from './support/e2e-environment';
import { expect, test } from './support/fixtures';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';

// Issue 15 defect 6, as a property: whatever a URL's route segments and query string hold (NUL, lone surrogates and
// other bytes that are not UTF-8, malformed escapes, names of Object.prototype's members, markup, very long values),
// no page of the portal answers with a 5xx, for an anonymous visitor, a TPP user or an admin.

// Every case is a whole request through the portal: tens per route, not thousands.
const RUNS_PER_ROUTE = 20;
const SEGMENT = '{segment}';

const ODD_FRAGMENTS = [
  '%00',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%E0%A4',
  '%C0%80',
  '%FF',
  '%ZZ',
  '%',
  '%2',
  '%2F',
  '%5C',
  '%2E%2E',
  '__proto__',
  'constructor',
  'toString',
  'prototype',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '<b>',
  "'",
  '"',
  'x'.repeat(3000),
  '%F0%9F%98%80',
  // Dates PostgreSQL cannot hold, or only just (year 0 failed the audit page's query).
  '0000-01-01',
  '-000001-01-01',
  '9999-12-31',
  '275760-09-13',
];

// Percent-encodes every byte of the UTF-8 form, so any generated text (a lone surrogate becomes U+FFFD) fits a URL.
const percentEncode = (text: string): string => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');

const oddText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ODD_FRAGMENTS),
      fc.string({ unit: 'binary', maxLength: 12 }).map(percentEncode),
      fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(''));

// The query parameters the pages read, and odd names besides.
const PARAMETER_NAMES = ['reason', 'callbackUrl', 'error', 'organisation', 'softwareId', 'environment', 'method', 'status', 'q', 'page', 'clientId', 'actorType', 'actorId', 'action', 'organisationId', 'from', 'to', 'before', 'ssa'];
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMETER_NAMES), oddText), oddText), { maxLength: 3 })
  .map((pairs) => (pairs.length > 0 ? `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}` : ''));

const badUrl = (route: string) => fc.record({ segment: oddText, query: queryString }).map(({ segment, query }) => `${route.replace(SEGMENT, segment)}${query}`);

const ROUTES: Record<'anonymous' | 'tpp' | 'admin', { storageState?: string; routes: string[] }> = {
  anonymous: { routes: ['/', '/signin', '/auth/refused', '/admin/signin', '/admin/refused', '/api-docs', `/applications/${SEGMENT}`, `/${SEGMENT}`] },
  tpp: { storageState: SANDBOX_ACCOUNTS.acme.storageState, routes: ['/applications', `/applications/${SEGMENT}`, '/register', '/sandbox', '/auth/refused'] },
  admin: {
    storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState,
    routes: ['/admin', '/admin/review', `/admin/review/${SEGMENT}`, '/admin/clients', `/admin/clients/${SEGMENT}`, '/admin/audit', '/admin/audit/export', '/admin/policy'],
  },
};


for (const [role, { storageState, routes }] of Object.entries(ROUTES)) {
  test(`no page answers odd route segments and query strings with a 5xx (${role})`, async ({ playwright }) => {
    test.setTimeout(300_000);
    const api = await playwright.request.newContext({ baseURL: E2E.portalUrl, ...(storageState ? { storageState } : {}) });
    for (const route of routes) {
      await assertProperty(
        `${role} GET ${route}`,
        badUrl(route),
        async (url) => {
          const response = await api.get(url);
          expect(response.status(), url).toBeLessThan(500);
        },
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    await api.dispose();
  });
}

// The same for server actions: whatever body a POST to a form's action carries (React's encoded values and references
// to parts that are not there, bodies that are no form data or cut short, arguments of the wrong types and number),
// sent by script (a Next-Action header) or by a browser that runs none (a multipart POST), no action answers with a
// 5xx. Every action of the build, from Next.js's manifest of them, as the role its page is for.
const ACTION_RUNS = 20;
const REACT_VALUES = ['$1', '$0', '$Q1', '$W1', '$@1', '$K1', '$K0', '$B1', '$n1x', '$n12', '$h1', '$F1', '$T', '$D2026-13-45', '$undefined', '$$x', '$i1', '$R1', '$A1', '$Infinity', '$', '$-0'];
const argument = fc.oneof(fc.constantFrom(...REACT_VALUES), fc.jsonValue({ maxDepth: 3 }), oddText);
const argumentsText = fc.oneof(
  fc.array(argument, { maxLength: 4 }).map((args) => JSON.stringify(args)),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 20 }),
);
const MULTIPART = 'multipart/form-data; boundary=onboard-probe';
const multipart = (parts: [string, string][]) =>
  `${parts.map(([name, value]) => `--onboard-probe\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--onboard-probe--\r\n`;
// Some bodies cut short, as a sender that gives up leaves them.
const maybeCut = (body: string) => fc.oneof({ weight: 4, arbitrary: fc.constant(body) }, fc.nat(body.length).map((length) => body.slice(0, length)));
// Part names as React reads them: "0" is the arguments, and so is any name that reads as the number 0 ("00", "S0"), once.
const PART_NAMES = ['0', '0', '00', 'S0', '', '1', '_1_ssa', '_1_reason', '_1_transition', '_1_redirectUris'];
const fetchActionBody = fc.oneof(
  argumentsText.map((text) => ({ contentType: 'text/plain;charset=UTF-8', body: text })),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...PART_NAMES), fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/)), argumentsText), { maxLength: 4 })
    .chain((parts) => maybeCut(multipart(parts)))
    .map((body) => ({ contentType: MULTIPART, body })),
);
// The same form sent without script: no Next-Action; the action named in $ACTION_REF_1 and described in $ACTION_1:0.
const scriptlessBody = (id: string) =>
  fc
    .tuple(
      fc.oneof(fc.constant(`{"id":"${id}","bound":"$@1"}`), fc.constant(`{"id":"${id}","bound":null}`), argumentsText.map((text) => `{"id":"${id}"${text}`)),
      argumentsText,
    )
    .chain(([descriptor, bound]) => maybeCut(multipart([['$ACTION_REF_1', ''], ['$ACTION_1:0', descriptor], ['$ACTION_1:1', bound], ['reason', 'x'], ['$ACTION_KEY', 'k1']])))
    .map((body) => ({ contentType: MULTIPART, body, headers: { accept: 'text/html' } }));
const actionBody = (id: string) => fc.oneof(fetchActionBody.map((request) => ({ ...request, headers: { 'next-action': id, accept: 'text/x-component' } })), scriptlessBody(id));

type ServerReferenceManifest = { node: Record<string, { workers: Record<string, unknown>; exportedName: string }> };
const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as ServerReferenceManifest;

test('no server action answers an odd body with a 5xx', async ({ playwright }) => {
  test.setTimeout(300_000);
  const roles = {
    tpp: await playwright.request.newContext({ baseURL: E2E.portalUrl, storageState: SANDBOX_ACCOUNTS.acme.storageState }),
    admin: await playwright.request.newContext({ baseURL: E2E.portalUrl, storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState }),
  };
  const actions = Object.entries(manifest.node).flatMap(([id, { workers, exportedName }]) => Object.keys(workers).map((worker) => ({ id, exportedName, worker })));
  expect(actions.length).toBeGreaterThanOrEqual(10);
  for (const { id, exportedName, worker } of actions) {
    const path = worker.replace(/^app/, '').replace(/\/page$/, '').replace(/\[[^\]]+\]/g, () => randomUUID()) || '/';
    const api = path.startsWith('/admin') ? roles.admin : roles.tpp;
    await assertProperty(
      `POST ${worker} (${exportedName})`,
      actionBody(id),
      async ({ contentType, body, headers }) => {
        const response = await api.post(path, { headers: { ...headers, origin: E2E.portalUrl, 'content-type': contentType }, data: body, maxRedirects: 0 });
        expect(response.status(), `${exportedName}: ${body}`).toBeLessThan(500);
      },
      { numRuns: ACTION_RUNS },
    );
  }
  await roles.tpp.dispose();
  await roles.admin.dispose();
});
