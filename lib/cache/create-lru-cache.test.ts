import { describe, expect, it } from 'vitest';
import { createLruCache } from './create-lru-cache';

describe('createLruCache', () => {
  it('keeps at most its limit, dropping the least recently used entry (a read counts as a use)', () => {
    const cache = createLruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);

    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('replaces a value without growing, keeps false as a value, and empties on clear', () => {
    const cache = createLruCache<boolean>(2);
    cache.set('a', true);
    cache.set('a', false);
    cache.set('b', true);

    expect(cache.get('a')).toBe(false);
    expect(cache.get('b')).toBe(true);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});
