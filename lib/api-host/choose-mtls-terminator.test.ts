import { describe, expect, it } from 'vitest';

import { EnvError } from '@/lib/env';
import { chooseMtlsTerminator } from './choose-mtls-terminator';

describe('chooseMtlsTerminator', () => {
  it.each([
    ['https://localhost:8443', undefined, 'embedded'],
    ['https://127.0.0.1:8443', undefined, 'embedded'],
    ['https://[::1]:8443', undefined, 'embedded'],
    ['https://mtls.localhost', undefined, 'embedded'],
    ['https://mtls.bank.example', undefined, 'none'],
    ['http://localhost:8443', undefined, 'none'],
    ['https://localhost:8443', '', 'embedded'],
    ['https://localhost:8443', 'none', 'none'],
    ['https://mtls.bank.example', 'embedded', 'embedded'],
  ] as const)('MTLS_URL=%s with MTLS_TERMINATOR=%s: %s', (mtlsUrl, setting, expected) => {
    expect(chooseMtlsTerminator(mtlsUrl, setting)).toBe(expected);
  });

  it.each([
    ['http://localhost:8443', 'embedded', 'MTLS_TERMINATOR: embedded needs an https MTLS_URL'],
    [
      'https://localhost:8443',
      'nginx',
      'MTLS_TERMINATOR: MTLS_TERMINATOR must be embedded or none (unset: embedded when MTLS_URL is https on localhost)',
    ],
  ])('refuses MTLS_URL=%s with MTLS_TERMINATOR=%s, naming the variable', (mtlsUrl, setting, issue) => {
    let caught: unknown;
    try {
      chooseMtlsTerminator(mtlsUrl, setting);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    expect((caught as EnvError).issues).toEqual([issue]);
  });
});
