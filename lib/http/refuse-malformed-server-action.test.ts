import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { refuseMalformedServerAction, SERVER_ACTION_MAX_ARGUMENTS, SERVER_ACTION_MAX_NESTING } from './refuse-malformed-server-action';

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
    ['a temporary reference, which fails when the action reads it (found by the e2e property)', () => '["$T"]', 'it holds a value no form of the portal sends: "$T"'],
    ['form data in a text body, which has no parts', () => '["$K1"]', 'it holds a value no form of the portal sends: "$K1"'],
    ['arguments nested too deep', () => formOf({ 0: `${'['.repeat(SERVER_ACTION_MAX_NESTING + 1)}${']'.repeat(SERVER_ACTION_MAX_NESTING + 1)}` }), `its arguments nest deeper than ${SERVER_ACTION_MAX_NESTING} levels`],
  ])('refuses %s with a 400 that says so', async (_label, body, problem) => {
    expect(await refusal(actionRequest(await body()))).toEqual(refused(problem));
  });

  // Found by the e2e property: React resolves its root with the first part named 0 and fails on the next.
  it.each<[string, string, string]>([
    ['a second part "0" (the property’s counterexample)', multipart([['0', '[]'], ['0', '']]), 'it holds its arguments more than once'],
    ['a part "00" after "0", which React reads as part 0 too', multipart([['0', '[]'], ['00', '[]']]), 'it holds its arguments more than once'],
    ['a stream’s part "S0" after "0"', multipart([['0', '[]'], ['S0', 'x']]), 'it holds its arguments more than once'],
    ['a part with an empty name, which busboy names undefined', multipart([['0', '[]'], ['', 'x']]), 'a part of it has no name'],
    ['a file encoded as base64, which React refuses', multipart([['0', '[]']]).replace('--b--', '--b\r\nContent-Disposition: form-data; name="1_f"; filename="f"\r\nContent-Transfer-Encoding: base64\r\n\r\nQQ==\r\n--b--'), 'it holds a file encoded as base64'],
    ['a body cut short', multipart([['0', '[]']]).slice(0, -8), 'the body is not multipart form data'],
    ['a boundary that is not the body’s', multipart([['0', '[]']]).replaceAll('--b', '--c'), 'the body is not multipart form data'],
  ])('refuses a multipart body with %s', async (_label, body, problem) => {
    expect(await refusal(actionRequest(body, { 'content-type': 'multipart/form-data; boundary=b' }))).toEqual(refused(problem));
  });

  it('refuses a multipart body that does not parse', async () => {
    const request = actionRequest('--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]', { 'content-type': 'multipart/form-data; boundary=y' });
    expect(await refusal(request)).toEqual(refused('the body is not multipart form data'));
    expect(await refusal(actionRequest('[]', { 'content-type': 'multipart/form-data' }))).toEqual(refused('the body is not multipart form data'));
  });

  it(`refuses more than ${SERVER_ACTION_MAX_ARGUMENTS} arguments (Next.js passes them with apply, which overflows on 130 000), and reads a long list inside one`, async () => {
    const many = JSON.stringify(new Array(130_000).fill(0));
    expect(await refusal(actionRequest(many))).toEqual(refused(`it holds more than ${SERVER_ACTION_MAX_ARGUMENTS} arguments`));
    expect(await refusal(actionRequest(JSON.stringify(new Array(SERVER_ACTION_MAX_ARGUMENTS).fill(0))))).toBeNull();
    expect(await refusal(actionRequest(`[${many}]`))).toBeNull();
    expect(await refusal(actionRequest(`[${JSON.stringify([...new Array(130_000).fill(0), '$Q1'])}]`))).toEqual(refused('it holds a value no form of the portal sends: "$Q1"'));
  });

  it('takes arguments exactly as deep as the limit, and leaves the body for Next.js to read', async () => {
    const request = actionRequest(formOf({ 0: `${'['.repeat(SERVER_ACTION_MAX_NESTING)}${']'.repeat(SERVER_ACTION_MAX_NESTING)}` }));
    expect(await refusal(request)).toBeNull();
    expect((await request.formData()).get('0')).toBe(`${'['.repeat(SERVER_ACTION_MAX_NESTING)}${']'.repeat(SERVER_ACTION_MAX_NESTING)}`);
  });

  it('leaves a GET, a POST that is no multipart (next-auth’s) and a form without script that names no action alone', async () => {
    expect(await refusal(new Request(`${PORTAL}/`, { headers: { 'next-action': '7f3a' } }))).toBeNull();
    expect(await refusal(new Request(`${PORTAL}/api/auth/signout`, { method: 'POST', body: new URLSearchParams({ csrfToken: 'x' }) }))).toBeNull();
    expect(await refusal(new Request(`${PORTAL}/register`, { method: 'POST', body: formOf({ x: '1' }) }))).toBeNull();
  });
});

// A form the browser sends without script: React names the action in $ACTION_REF_<n> and describes it, with its
// bound arguments, in parts prefixed $ACTION_<n>: (as react-dom renders the form's hidden fields).
describe('refuseMalformedServerAction, a form sent without script', () => {
  const ACTION_ID = '7f3a'.repeat(10) + 'ab';

  async function scriptlessForm(bound: unknown[] | null, fields: Record<string, string> = { reason: 'a reason' }) {
    const form = formOf({ $ACTION_REF_1: '', ...fields, $ACTION_KEY: 'k1' });
    const encoded = await encodeReply({ id: ACTION_ID, bound: bound && Promise.resolve(bound) });
    for (const [key, value] of typeof encoded === 'string' ? [['0', encoded] as const] : encoded.entries()) form.append(`$ACTION_1:${key}`, value);
    return form;
  }

  const scriptless = (body: FormData | string, contentType?: string) =>
    new Request(`${PORTAL}/applications/c-1`, { method: 'POST', headers: { origin: PORTAL, ...(contentType ? { 'content-type': contentType } : {}) }, body });

  const replaced = (form: FormData, name: string, value: string) => {
    form.delete(name);
    form.append(name, value);
    return form;
  };

  it('lets through what React encodes for an action with bound arguments, and for one without', async () => {
    const form = await scriptlessForm(['c-1']);
    expect(form.get('$ACTION_1:0')).toBe(`{"id":"${ACTION_ID}","bound":"$@1"}`);
    expect(await refusal(scriptless(form))).toBeNull();
    expect(await refusal(scriptless(await scriptlessForm(['c-1', undefined, '$ in a value'])))).toBeNull();
    expect(await refusal(scriptless(formOf({ [`$ACTION_ID_${ACTION_ID}`]: '', reason: 'x' })))).toBeNull();
  });

  it.each<[string, () => Promise<FormData | string>, string]>([
    ['a descriptor that is not JSON (Next.js checks only how it starts)', async () => replaced(await scriptlessForm(['c-1']), '$ACTION_1:0', `{"id":"${ACTION_ID}"`), 'its action is not described in JSON'],
    ['a descriptor sent twice', async () => { const form = await scriptlessForm(['c-1']); form.append('$ACTION_1:0', form.get('$ACTION_1:0') as string); return form; }, 'its action is not described once'],
    ['no descriptor', async () => formOf({ $ACTION_REF_1: '' }), 'its action is not described once'],
    ['an id that is an encoded value', async () => replaced(await scriptlessForm(['c-1']), '$ACTION_1:0', `{"id":"${ACTION_ID}","id":"$Q1","bound":null}`), 'its action is not described as React describes one'],
    ['bound arguments that are not a promise', async () => replaced(await scriptlessForm(['c-1']), '$ACTION_1:0', `{"id":"${ACTION_ID}","bound":"$Q1"}`), 'its action’s bound arguments are not described as React describes them'],
    ['bound arguments that are not there', async () => { const form = await scriptlessForm(['c-1']); form.delete('$ACTION_1:1'); return form; }, 'its action’s bound arguments are not there'],
    ['bound arguments that are not JSON', async () => replaced(await scriptlessForm(['c-1']), '$ACTION_1:1', '["c-1"'), 'its arguments are not JSON'],
    ['bound arguments that refer to another part', async () => replaced(await scriptlessForm(['c-1']), '$ACTION_1:1', '["$1"]'), 'it holds a value no form of the portal sends: "$1"'],
    ['bound arguments that hold form data', async () => replaced(await scriptlessForm(['c-1']), '$ACTION_1:1', '["$K1"]'), 'it holds a value no form of the portal sends: "$K1"'],
    ['a body cut short (Next.js: "Failed to parse body as FormData")', async () => '--b\r\nContent-Disposition: form-data; name="$ACTION_REF_1"\r\n\r\n', 'the body is not multipart form data'],
  ])('refuses %s with a 400 that says so', async (_label, body, problem) => {
    const form = await body();
    expect(await refusal(typeof form === 'string' ? scriptless(form, 'multipart/form-data; boundary=b') : scriptless(form))).toEqual(refused(problem));
  });
});

function multipart(parts: [string, string][]) {
  return `${parts.map(([name, value]) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('')}--b--\r\n`;
}
