import { describe, expect, it } from 'vitest';
import { refuseUndecodableUrl } from './refuse-undecodable-url';

const PATH_MESSAGE = 'the request path holds a percent-escape that is not UTF-8 text, or a NUL character\n';

async function refusal(url: string) {
  const response = refuseUndecodableUrl(new URL(url, 'http://portal.example'));
  return response && { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('refuseUndecodableUrl', () => {
  it.each([
    '/applications/%ED%A0%80',
    '/admin/clients/%ED%BF%BF',
    '/admin/review/%E0%A4',
    '/applications/%C0%80',
    '/applications/%FF',
    '/applications/%2',
    '/applications/%ZZ',
    '/applications/%',
    '/applications/a%00b',
    '/%ED%A0%80/applications',
  ])('refuses the path %s', async (path) => {
    expect(await refusal(path)).toEqual({ status: 400, type: 'text/plain; charset=utf-8', text: PATH_MESSAGE });
  });

  it.each([
    ['/admin/clients?organisation=%00', 'query parameter "organisation" holds a NUL character\n'],
    ['/admin/audit?action=client&clientId=c%00', 'query parameter "clientId" holds a NUL character\n'],
    ['/admin/audit?%3Cb%3E=%00', 'query parameter value holds a NUL character\n'],
    ['/admin/audit?a%00=1', 'the name of a query parameter holds a NUL character\n'],
  ])('refuses the query of %s', async (url, text) => {
    expect(await refusal(url)).toEqual({ status: 400, type: 'text/plain; charset=utf-8', text });
  });

  it.each([
    '/',
    '/applications/0b7e2c4e-5d7a-4f1e-9a51-1d2f0c7b9e10',
    '/applications/%F0%9F%98%80',
    '/applications/caf%C3%A9%2F..',
    '/api/auth/callback/directory?code=abc&state=xyz',
    // URLSearchParams reads these leniently, as the pages do: U+FFFD and a literal "%ZZ", both storable.
    '/admin/clients?organisation=%ED%A0%80&q=%ZZ',
    '/auth/refused?reason=__proto__',
  ])('lets %s through', async (url) => {
    expect(await refusal(url)).toBeNull();
  });
});
