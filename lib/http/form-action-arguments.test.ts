import { getAccessFallbackHTTPStatus, isHTTPAccessFallbackError } from 'next/dist/client/components/http-access-fallback/http-access-fallback';
import { describe, expect, it } from 'vitest';
import { boundChoice, boundText, submittedForm } from './form-action-arguments';

// Answered as the page not found: the error notFound() throws, which Next.js turns into a 404 for an action.
const isNotFound = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    return isHTTPAccessFallbackError(error) && getAccessFallbackHTTPStatus(error) === 404;
  }
  return false;
};

describe('form action arguments', () => {
  it('reads what the portal’s forms bind and send', () => {
    expect(boundText('5f0c6a1e-2b7d-4c9a-9d51-0f6f3d1a2b3c')).toBe('5f0c6a1e-2b7d-4c9a-9d51-0f6f3d1a2b3c');
    expect(boundText('')).toBe('');
    expect(boundChoice('software', ['software', 'organisation'])).toBe('software');
    const form = new FormData();
    expect(submittedForm(form)).toBe(form);
  });

  it.each<[string, () => unknown]>([
    ['a number for an id', () => boundText(1)],
    ['an object for an id', () => boundText({ toString: 'x' })],
    ['form data for an id', () => boundText(new FormData())],
    ['no id', () => boundText(undefined)],
    ['an id with a NUL', () => boundText('c\u0000')],
    ['an id with a lone surrogate', () => boundText('c\uD800')],
    ['an id longer than any', () => boundText('c'.repeat(201))],
    ['a choice not offered', () => boundChoice('__proto__', ['software', 'organisation'])],
    ['a choice that is not text', () => boundChoice(['software'], ['software', 'organisation'])],
    ['text for the form data', () => submittedForm('ssa=eyJ')],
    ['no form data', () => submittedForm(undefined)],
    ['a plain object for the form data', () => submittedForm({ get: () => 'x' })],
  ])('answers %s as not found', (_label, read) => {
    expect(isNotFound(read)).toBe(true);
  });
});
