// The API host takes a plain request target as it is, without URL parsing (issue 10's empty-route floor): for every
// target, that must be exactly what URL parsing would have made of it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { assertProperty } from '@/lib/testing/arbitraries/assert-property';

import { normaliseTarget, routeApiRequest } from './route-api-request';

const NUM_RUNS = 2_000;

// Segments from a small alphabet heavy in what changes a path: dots, escapes of them, backslashes, slashes, queries.
const segment = fc.array(fc.constantFrom('a', 'Z', '0', '-', '_', '~', '.', '%2e', '%2E', '%2f', '\\', '?', '#', '%', ' ', 'é', ':', '@'), { maxLength: 5 }).map((parts) => parts.join(''));
const target = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join('/')}`);

// What URL parsing makes of an origin-form target (the host's rule before the fast path).
function parsed(value: string) {
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  const url = URL.parse(value, 'https://api.invalid');
  return url && { pathname: url.pathname, search: url.search };
}

describe('normaliseTarget', () => {
  it('reads every target as URL parsing does, the plain ones included', async () => {
    await assertProperty(
      'normaliseTarget agrees with URL parsing',
      fc.oneof(target, fc.string({ maxLength: 20 })),
      async (value) => {
        const normalised = normaliseTarget(value);
        expect(normalised && { pathname: normalised.pathname, search: normalised.search }).toEqual(parsed(value));
      },
      { numRuns: NUM_RUNS },
    );
  });

  it.each([
    ['/register', '/register'],
    ['/register/3f1c0a9e-1b2c-4d5e-8f90-0123456789ab', '/register/3f1c0a9e-1b2c-4d5e-8f90-0123456789ab'],
    ['/register/.', '/register/'],
    ['/register/..', '/'],
    ['/register/%2e%2e/token', '/token'],
    ['/register\\..\\token', '/token'],
    ['/.well-known/openid-configuration', '/.well-known/openid-configuration'],
  ])('%s is routed as %s', (value, pathname) => {
    expect(normaliseTarget(value)?.pathname).toBe(pathname);
  });

  it('refuses what is not origin-form', () => {
    expect([normaliseTarget('//evil.example/register'), normaliseTarget('https://api.example/register'), normaliseTarget('*')]).toEqual([null, null, null]);
  });
});

describe('routeApiRequest', () => {
  it('routes the two API paths and nothing else', () => {
    const route = (value: string) => routeApiRequest(normaliseTarget(value)!);
    expect([route('/register'), route('/register/abc'), route('/register/a%2Fb'), route('/register/abc/x'), route('/registers')]).toEqual([
      { path: '/register', params: {} },
      { path: '/register/{id}', params: { clientId: 'abc' } },
      null,
      null,
      null,
    ]);
  });
});
