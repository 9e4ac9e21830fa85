import { describe, expect, it } from 'vitest';
import { fromWebRequest } from './api-request';
import { refuseServerAction, SERVER_ACTION_MAX_BYTES } from './refuse-server-action';

const PORTAL = 'https://developer.bank.example';
const FORGED = "a form may be submitted only from the portal's own pages (https://developer.bank.example)\n";

type Sent = { method?: string; headers: Record<string, string> };

async function refusal({ method = 'POST', headers }: Sent) {
  const answer = refuseServerAction(fromWebRequest(new Request(`${PORTAL}/register`, { method, headers })), PORTAL);
  return answer && { status: answer.status, text: answer.body };
}

const action = (headers: Record<string, string>): Sent => ({ headers: { 'next-action': '7f3a', 'content-type': 'multipart/form-data; boundary=x', 'content-length': '2048', ...headers } });

describe('refuseServerAction', () => {
  it('lets a server action from the portal itself through, up to the limit', async () => {
    expect(await refusal(action({ origin: PORTAL }))).toBeNull();
    expect(await refusal(action({ origin: PORTAL, 'content-length': String(SERVER_ACTION_MAX_BYTES) }))).toBeNull();
  });

  it.each([
    ['a foreign Origin', action({ origin: 'https://attacker.example' })],
    ['a sibling origin', action({ origin: 'https://developer.bank.example:8443' })],
    ['an empty Origin', action({ origin: '' })],
    ['the opaque Origin "null"', action({ origin: 'null' })],
    ['no Origin', action({})],
    ['a multipart POST without Next-Action (a form without script)', { headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '10', origin: 'https://attacker.example' } }],
  ])('refuses %s with a 403', async (_label, sent) => {
    expect(await refusal(sent)).toEqual({ status: 403, text: FORGED });
  });

  it('refuses a body over the limit with a 413 that names it and the SSA limit', async () => {
    expect(await refusal(action({ origin: PORTAL, 'content-length': String(SERVER_ACTION_MAX_BYTES + 1) }))).toEqual({
      status: 413,
      text: 'the form is larger than the portal accepts (256 KiB); a software statement is at most 64 KiB\n',
    });
  });

  it('refuses a body of unknown size with a 411', async () => {
    const sent = action({ origin: PORTAL });
    delete sent.headers['content-length'];
    expect(await refusal(sent)).toEqual({ status: 411, text: 'a form must be sent with its Content-Length\n' });
  });

  it.each<[string, Sent]>([
    ['a GET', { method: 'GET', headers: { origin: 'https://attacker.example' } }],
    ["next-auth's form POST", { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' } }],
  ])('leaves %s alone', async (_label, sent) => {
    expect(await refusal(sent)).toBeNull();
  });
});
