import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import type { APIRequestContext, Page, Request } from '@playwright/test';
import { E2E } from './support/e2e-environment';
import { expect, ORG_IDS, test } from './support/fixtures';
import { checkSoftwareStatement } from './support/registration-steps';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { E2E_LOG_DIR } from './support/server-logs';

// Issue 15 defect 6: bad input the portal answered with a 500 gets a clear 4xx and changes nothing.

type Playwright = { request: { newContext: (options: object) => Promise<APIRequestContext> } };

const signedIn = (playwright: Playwright, storageState: string) => playwright.request.newContext({ baseURL: E2E.portalUrl, storageState });

// A lone UTF-16 surrogate (U+D800) as UTF-8 bytes: no UTF-8 decoder may accept it.
const LONE_SURROGATE = '%ED%A0%80';

test('a refusal reason that is a property of every object (__proto__, constructor, toString) is no refusal: 404', async ({ playwright }) => {
  const api = await signedIn(playwright, SANDBOX_ACCOUNTS.acme.storageState);
  for (const reason of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const response = await api.get(`/auth/refused?reason=${reason}`);
    expect(response.status(), reason).toBe(404);
    expect(await response.text(), reason).toContain('There is nothing here');
  }
  // The reasons the portal sends still explain themselves.
  const known = await api.get('/auth/refused?reason=missing_organisation');
  expect(known.status()).toBe(200);
  expect(await known.text()).toContain('did not say which organisation you belong to');
  await api.dispose();
});

test('a path whose percent-escapes are not UTF-8 text is a 400 that says so, for a TPP user and an admin', async ({ playwright }) => {
  const cases: Array<[string, string[]]> = [
    [SANDBOX_ACCOUNTS.acme.storageState, [`/applications/${LONE_SURROGATE}`, '/applications/%E0%A4', '/applications/%00']],
    [SANDBOX_ACCOUNTS.bankAdmin.storageState, [`/admin/clients/${LONE_SURROGATE}`, `/admin/review/${LONE_SURROGATE}`, '/admin/clients/%C0%80', '/admin/review/%00']],
  ];
  for (const [storageState, paths] of cases) {
    const api = await signedIn(playwright, storageState);
    for (const path of paths) {
      const response = await api.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(400);
      expect(await response.text(), path).toBe('the request path holds a percent-escape that is not UTF-8 text, or a NUL character\n');
    }
    await api.dispose();
  }
});

test('a NUL in an admin filter is a 400 that names the parameter; the export records nothing', async ({ browser, playwright }) => {
  const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState });
  const page = await context.newPage();
  const newestExportEventId = async () => {
    await page.goto('/admin/audit?action=audit.exported');
    const ids = page.getByTestId('audit-events').locator('tbody tr td:first-child');
    return (await ids.count()) > 0 ? await ids.first().textContent() : null;
  };
  const before = await newestExportEventId();

  const api = await signedIn(playwright, SANDBOX_ACCOUNTS.bankAdmin.storageState);
  for (const [path, parameter] of [
    ['/admin/clients?organisation=%00', 'organisation'],
    ['/admin/audit?clientId=%00', 'clientId'],
    ['/admin/audit/export?clientId=%00', 'clientId'],
    ['/admin/audit/export?q=a%00b', 'q'],
  ] as const) {
    const response = await api.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(response.headers()['content-type'], path).toBe('text/plain; charset=utf-8');
    expect(await response.text(), path).toBe(`query parameter "${parameter}" holds a NUL character\n`);
  }
  expect(await newestExportEventId(), 'a refused export was audited as an export').toBe(before);
  await api.dispose();
  await context.close();
});

/** The Register step's server action as the browser sent it, captured and kept from reaching the portal. */
async function captureRegisterAction(page: Page, ssa: string): Promise<Request> {
  await checkSoftwareStatement(page, ssa);
  await page.route('**/register', (route) => (route.request().headers()['next-action'] ? route.abort() : route.continue()));
  const sent = page.waitForRequest((request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined);
  await page.getByRole('button', { name: 'Register' }).click();
  return sent;
}

/** A copy of a captured multipart action body with a part of `bytes` bytes put in front. */
function padMultipart(request: Request, bytes: number): Buffer {
  const boundary = /boundary=(.+)$/.exec(request.headers()['content-type'] ?? '')?.[1] ?? '';
  const padding = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="padding"\r\n\r\n${'x'.repeat(bytes)}\r\n`);
  return Buffer.concat([padding, request.postDataBuffer() ?? Buffer.alloc(0)]);
}

async function isListed(page: Page, clientName: string): Promise<boolean> {
  await page.goto('/applications');
  return (await page.getByRole('main').textContent())?.includes(clientName) ?? false;
}

test('a server action over the body limit is a 413, one from a foreign, empty or no Origin a 403, one whose body is no form a 400; none registers anything', async ({ acmePage: page, createSoftware, playwright }) => {
  const clientName = `Bad Input App ${randomUUID().slice(0, 8)}`;
  const software = await createSoftware(ORG_IDS.acme, { client_name: clientName });
  const captured = await captureRegisterAction(page, software.ssa);
  const headers = await captured.allHeaders();
  const api = await signedIn(playwright, SANDBOX_ACCOUNTS.acme.storageState);
  const replay = (origin: string | undefined, body: Buffer, contentType = headers['content-type'] ?? '') =>
    api.post(captured.url(), {
      headers: {
        ...(origin === undefined ? {} : { origin }),
        accept: headers.accept ?? 'text/x-component',
        'content-type': contentType,
        'next-action': headers['next-action'] ?? '',
        'next-router-state-tree': headers['next-router-state-tree'] ?? '',
      },
      data: body,
      maxRedirects: 0,
    });

  const oversized = await replay(E2E.portalUrl, padMultipart(captured, 1024 * 1024));
  expect(oversized.status()).toBe(413);
  expect(await oversized.text()).toBe('the form is larger than the portal accepts (256 KiB); a software statement is at most 64 KiB\n');

  for (const origin of ['https://attacker.example', '', 'null', undefined]) {
    const forged = await replay(origin, captured.postDataBuffer() ?? Buffer.alloc(0));
    expect(forged.status(), `Origin ${origin}`).toBe(403);
    expect(await forged.text(), `Origin ${origin}`).toBe(`a form may be submitted only from the portal's own pages (${E2E.portalUrl})\n`);
  }

  // Next.js answered these 500 (it decodes the body before the action runs): the re-run of issue 15's probe.
  const malformed: [string, string, string][] = [
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n', 'it holds no arguments'],
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$1"]\r\n--b--\r\n', 'it holds a value no form of the portal sends: "$1"'],
    ['text/plain;charset=UTF-8', '[zxc]', 'its arguments are not JSON'],
    // Found by the property in bad-input.property.spec.ts: React fails on a second part 0.
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n\r\n--b--\r\n', 'it holds its arguments more than once'],
    ['text/plain;charset=UTF-8', JSON.stringify(new Array(130_000).fill(0)), 'it holds more than 8 arguments'],
  ];
  for (const [contentType, body, problem] of malformed) {
    const refused = await replay(E2E.portalUrl, Buffer.from(body), contentType);
    expect(refused.status(), body.slice(0, 200)).toBe(400);
    expect(await refused.text(), body.slice(0, 200)).toBe(`the form could not be read (${problem}); reload the page and send it again\n`);
  }
  // A browser that runs no script sends the form as multipart with no Next-Action, the action described in its parts.
  const described = `--form\r\nContent-Disposition: form-data; name="$ACTION_REF_1"\r\n\r\n\r\n--form\r\nContent-Disposition: form-data; name="$ACTION_1:0"\r\n\r\n{"id":"${headers['next-action'] ?? ''}"`;
  const scriptless: [string, string][] = [
    [`${described}\r\n--form--\r\n`, 'its action is not described in JSON'],
    [`${described},"bound":"$@1"}\r\n--form\r\nContent-Disp`, 'the body is not multipart form data'],
  ];
  for (const [body, problem] of scriptless) {
    const refused = await api.post(captured.url(), { headers: { origin: E2E.portalUrl, 'content-type': 'multipart/form-data; boundary=form' }, data: Buffer.from(body), maxRedirects: 0 });
    expect(refused.status(), body).toBe(400);
    expect(await refused.text(), body).toBe(`the form could not be read (${problem}); reload the page and send it again\n`);
  }
  expect(await isListed(page, clientName), 'a refused action registered the client').toBe(false);

  // The same bytes from the portal's own origin register it: the refusals above were the limit, the Origin and the body.
  const genuine = await replay(E2E.portalUrl, captured.postDataBuffer() ?? Buffer.alloc(0));
  expect(genuine.status()).toBe(200);
  expect(await isListed(page, clientName)).toBe(true);
  await api.dispose();
});

/** Declares `bytes` for a server action, sends the first 64 KiB of them, and gives up on the connection as soon as the answer arrives. */
function uploadAndGiveUp(url: string, bytes: number): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers = { 'next-action': '7f3a', origin: E2E.portalUrl, 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(bytes) };
    const request = httpRequest(url, { method: 'POST', headers }, (response) => {
      resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      request.destroy();
    });
    request.on('error', reject);
    request.write(Buffer.alloc(64 * 1024, 'x'));
  });
}

test('a browser that runs no script still checks a software statement: the proxy lets the form React renders through', async ({ browser, createSoftware }) => {
  const software = await createSoftware(ORG_IDS.acme, { client_name: `No Script App ${randomUUID().slice(0, 8)}` });
  const context = await browser.newContext({ storageState: SANDBOX_ACCOUNTS.acme.storageState, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/register');
  // What the proxy reads for a form sent without script: the action and its bound arguments, as React renders them.
  expect(await page.locator('input[type=hidden][name="$ACTION_1:0"]').first().getAttribute('value')).toMatch(/^\{"id":"[0-9a-f]+","bound":"\$@1"\}$/);
  await page.getByLabel('or paste it').fill(software.ssa);
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Check software statement' }).click(),
  ]);
  expect(answer.status()).toBe(200);
  await expect(page.getByTestId('validation-summary')).toBeVisible();
  await context.close();
});

test('an oversized server action is refused from its headers: its body is not read, its connection closes, nothing is logged as an error', async () => {
  const portalLog = () => readFileSync(path.join(E2E_LOG_DIR, 'portal.log'), 'utf8');
  const before = portalLog().length;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expect(await uploadAndGiveUp(`${E2E.portalUrl}/register`, 8 * 1024 * 1024)).toEqual({ status: 413, connection: 'close' });
  }
  // Next.js read such a body whole before anything could refuse it, and logged "Error: aborted" when the sender gave up.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(portalLog().slice(before)).not.toMatch(/Error: aborted|ECONNRESET|uncaughtException/);
});

test('a pasted SSA over 64 KiB is refused in the form with the limit, before anything is sent', async ({ acmePage: page }) => {
  await page.goto('/register');
  const actions: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') actions.push(request.url());
  });
  await page.getByLabel('or paste it').fill('e'.repeat(1024 * 1024));
  await page.getByRole('button', { name: 'Check software statement' }).click();
  await expect(page.locator('#ssa-error')).toHaveText('the software statement is 1048576 bytes; it must be at most 64 KiB (65536 bytes)');
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  expect(actions).toEqual([]);

  // At the limit exactly it goes to the portal, whose report says what is wrong with it.
  await page.getByLabel('or paste it').fill('e'.repeat(64 * 1024));
  await page.getByRole('button', { name: 'Check software statement' }).click();
  await expect(page.locator('[data-check-id="ssa.structure"]')).toHaveAttribute('data-outcome', 'fail');
  await expect(page.locator('#ssa-error')).toBeEmpty();
});
