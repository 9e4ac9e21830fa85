import { describe, expect, it } from 'vitest';
import { findUnstorableText } from './find-unstorable-text';

describe('findUnstorableText', () => {
  it.each([
    ['plain claims', { software_id: 'abc', roles: ['AISP', 'PISP'], nested: { emoji: '\u{1F600}', n: 1, b: true, nil: null } }, null],
    ['a NUL in a claim', { software_client_name: 'Acme\u0000' }, 'software_client_name'],
    ['a lone high surrogate deep in an array', { software_jwks: { keys: [{ kid: 'ok' }, { kid: 'x\uD800' }] } }, 'software_jwks.keys[1].kid'],
    ['a lone low surrogate', { a: '\uDC00b' }, 'a'],
    ['a NUL in a member name', { ok: 1, 'bad\u0000name': 1 }, 'bad\uFFFDname'],
    ['the value itself', 'x\u0000', '(the value itself)'],
  ])('%s', (_name, value, expected) => {
    expect(findUnstorableText(value)).toBe(expected);
  });

  it('reports the first offending string in document order', () => {
    expect(findUnstorableText({ first: ['fine', 'bad\u0000'], second: 'bad\u0000' })).toBe('first[1]');
  });

  it('walks nesting far deeper than the call stack allows', () => {
    let value: unknown = 'bottom\u0000';
    for (let depth = 0; depth < 200_000; depth += 1) value = [value];
    expect(findUnstorableText(value)).toBe(`${'[0]'.repeat(200_000)}`);
  });
});
