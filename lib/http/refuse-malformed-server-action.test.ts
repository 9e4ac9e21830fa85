import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { refuseMalformedServerAction, SERVER_ACTION_MAX_NESTING } from './refuse-malformed-server-action';

// React's own encoder, as the browser runs it when a form of the portal calls its server action.
const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node.js') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

const PORTAL = 'https://developer.bank.example';

const actionRequest = (body: string | FormData, headers: Record<string, string> = {}) =>
  new Request(`${PORTAL}/applications/c-1`, { method: 'POST', headers: { 'next-action': '7f3a', origin: PORTAL, ...headers }, body });

const formOf = (parts: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.append(name, value);
  return form;
};

async function refusal(request: Request) {
  const response = await refuseMalformedServerAction(request);
  return response && { status: response.status, text: await response.text() };
}

const refused = (problem: string) => ({ status: 400, text: `the form could not be read (${problem}); reload the page and send it again\n` });

describe('refuseMalformedServerAction', () => {
  it('lets through what React encodes for the portal’s forms: bound ids, the previous state, the form data and its files', async () => {
    const form = new FormData();
    form.append('ssa', 'eyJhbGciOiJQUzI1NiJ9.e30.c2ln');
    form.append('ssaFile', new Blob(['eyJ']), 'software-statement.jwt');
    const state = { status: 'refused', checkedAt: new Date(), unknown: undefined, text: '$ starts with a dollar', report: [{ id: 'ssa.signature', ok: false, at: [1, [2, [3]]] }], none: null };
    for (const args of [['c-1', state, form], [state, form], [{ status: 'idle' }, form], ['c-1'], [Infinity, -Infinity, NaN, -0]]) {
      const body = await encodeReply(args);
      expect(await refusal(actionRequest(body)), JSON.stringify(args)).toBeNull();
    }
  });

  it.each<[string, () => Promise<string | FormData> | string | FormData, string]>([
    ['a multipart body without the arguments (the probe’s x=1)', () => formOf({ x: '1' }), 'it holds no arguments'],
    ['arguments that are not JSON', () => formOf({ 0: '["a"' }), 'its arguments are not JSON'],
    ['a text body that is not JSON', () => '[', 'its arguments are not JSON'],
    ['arguments that are not a list', () => formOf({ 0: '{"a":1}' }), 'its arguments are not a list'],
    ['a reference to a part that is not there', () => formOf({ 0: '["$1"]' }), 'it holds a value no form of the portal sends: "$1"'],
    ['a Map, as React encodes one', () => encodeReply([new Map([[1, 2]])]), 'it holds a value no form of the portal sends: "$Q1"'],
    ['a BigInt that is not a number', () => formOf({ 0: '[{"a":"$nope"}]' }), 'it holds a value no form of the portal sends: "$nope"'],
    ['a promise', () => formOf({ 0: '["$@2"]' }), 'it holds a value no form of the portal sends: "$@2"'],
    ['form data in a text body, which has no parts', () => '["$K1"]', 'it holds a value no form of the portal sends: "$K1"'],
    ['arguments nested too deep', () => formOf({ 0: `${'['.repeat(SERVER_ACTION_MAX_NESTING + 1)}${']'.repeat(SERVER_ACTION_MAX_NESTING + 1)}` }), `its arguments nest deeper than ${SERVER_ACTION_MAX_NESTING} levels`],
  ])('refuses %s with a 400 that says so', async (_label, body, problem) => {
    expect(await refusal(actionRequest(await body()))).toEqual(refused(problem));
  });

  it('refuses a multipart body that does not parse', async () => {
    const request = actionRequest('--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]', { 'content-type': 'multipart/form-data; boundary=y' });
    expect(await refusal(request)).toEqual(refused('the body is not multipart form data'));
  });

  it('takes arguments exactly as deep as the limit, and leaves the body for Next.js to read', async () => {
    const request = actionRequest(formOf({ 0: `${'['.repeat(SERVER_ACTION_MAX_NESTING)}${']'.repeat(SERVER_ACTION_MAX_NESTING)}` }));
    expect(await refusal(request)).toBeNull();
    expect((await request.formData()).get('0')).toBe(`${'['.repeat(SERVER_ACTION_MAX_NESTING)}${']'.repeat(SERVER_ACTION_MAX_NESTING)}`);
  });

  it('leaves a GET and a POST without Next-Action (next-auth’s, a form without script) alone', async () => {
    expect(await refusal(new Request(`${PORTAL}/`, { headers: { 'next-action': '7f3a' } }))).toBeNull();
    expect(await refusal(new Request(`${PORTAL}/api/auth/signout`, { method: 'POST', body: formOf({ x: '1' }) }))).toBeNull();
  });
});
