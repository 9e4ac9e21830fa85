import { describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiterOptions } from './create-rate-limiter';

const START = Date.UTC(2026, 0, 1);

/** A limiter on a frozen clock that the test moves by hand. */
function limiterAt(options: Partial<RateLimiterOptions> = {}) {
  let now = START;
  const limiter = createRateLimiter({ perMinute: 2, burst: 3, maxKeys: 100, now: () => now, ...options });
  return { limiter, advance: (ms: number) => void (now += ms) };
}

const ALLOWED = { isAllowed: true };
const refused = (retryAfterSeconds: number, limitedKey: string) => ({ isAllowed: false, retryAfterSeconds, limitedKey });

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the exact wait until the next token', () => {
    const { limiter } = limiterAt();
    expect([1, 2, 3].map(() => limiter.take(['a']))).toEqual([ALLOWED, ALLOWED, ALLOWED]);
    // 2 a minute: a token every 30 s.
    expect(limiter.take(['a'])).toEqual(refused(30, 'a'));
  });

  it('counts the wait down as the clock moves, in whole seconds rounded up', () => {
    const { limiter, advance } = limiterAt();
    for (let index = 0; index < 3; index += 1) limiter.take(['a']);
    advance(10_000);
    expect(limiter.take(['a'])).toEqual(refused(20, 'a'));
    advance(19_001);
    expect(limiter.take(['a'])).toEqual(refused(1, 'a'));
    advance(999);
    expect(limiter.take(['a'])).toEqual(ALLOWED);
    expect(limiter.take(['a'])).toEqual(refused(30, 'a'));
  });

  it('does not charge refused requests', () => {
    const { limiter, advance } = limiterAt();
    for (let index = 0; index < 3; index += 1) limiter.take(['a']);
    for (let index = 0; index < 50; index += 1) limiter.take(['a']);
    advance(30_000);
    expect(limiter.take(['a'])).toEqual(ALLOWED);
  });

  it('refills to the burst and no further', () => {
    const { limiter, advance } = limiterAt();
    for (let index = 0; index < 3; index += 1) limiter.take(['a']);
    advance(60 * 60_000);
    expect([1, 2, 3, 4].map(() => limiter.take(['a']).isAllowed)).toEqual([true, true, true, false]);
  });

  it('keeps keys apart', () => {
    const { limiter } = limiterAt({ burst: 1 });
    expect(limiter.take(['a'])).toEqual(ALLOWED);
    expect(limiter.take(['a'])).toEqual(refused(30, 'a'));
    expect(limiter.take(['b'])).toEqual(ALLOWED);
  });

  it('takes from every key or from none, and names the key that ran dry', () => {
    const { limiter } = limiterAt({ burst: 2 });
    expect(limiter.take(['cert:1', 'ip:x'])).toEqual(ALLOWED);
    expect(limiter.take(['cert:2', 'ip:x'])).toEqual(ALLOWED);
    // The address is empty: cert:3 is refused and keeps its two tokens.
    expect(limiter.take(['cert:3', 'ip:x'])).toEqual(refused(30, 'ip:x'));
    expect(limiter.take(['cert:3', 'ip:y'])).toEqual(ALLOWED);
    expect(limiter.take(['cert:3', 'ip:z'])).toEqual(ALLOWED);
    expect(limiter.take(['cert:3', 'ip:w'])).toEqual(refused(30, 'cert:3'));
  });

  it('answers the longest wait when several keys are empty', () => {
    const { limiter, advance } = limiterAt({ burst: 1 });
    limiter.take(['a']);
    advance(20_000);
    limiter.take(['b']);
    // a waits 10 s more, b 30 s.
    expect(limiter.take(['a', 'b'])).toEqual(refused(30, 'b'));
  });

  it('forgets buckets that have refilled completely', () => {
    const { limiter, advance } = limiterAt({ perMinute: 60, burst: 5 });
    limiter.take(['a']);
    limiter.take(['b']);
    expect(limiter.size()).toBe(2);
    // 5 tokens at 1 a second: full again after 5 s.
    advance(4_999);
    limiter.take(['c']);
    expect(limiter.size()).toBe(3);
    advance(1);
    limiter.take(['c']);
    expect(limiter.size()).toBe(1);
  });

  it('stays within maxKeys when every request comes from a new key, and keeps the busiest key limited', () => {
    const { limiter, advance } = limiterAt({ perMinute: 1, burst: 1, maxKeys: 1_000 });
    expect(limiter.take(['cert:attacker', 'ip:0'])).toEqual(ALLOWED);
    let allowed = 0;
    for (let index = 1; index <= 70_000; index += 1) {
      advance(1);
      // A new address every time, one certificate: the certificate's bucket is always the most recently seen,
      // so it is never the one forgotten, and it gains one token a minute as it should.
      if (limiter.take(['cert:attacker', `ip:${index}`]).isAllowed) allowed += 1;
      expect(limiter.size()).toBeLessThanOrEqual(1_000);
    }
    expect(allowed).toBe(1);
  });

  it.each([
    [{ perMinute: 0 }, '"perMinute" must be a positive integer'],
    [{ perMinute: 1.5 }, '"perMinute" must be a positive integer'],
    [{ burst: 0 }, '"burst" must be a positive integer'],
    [{ maxKeys: 0 }, '"maxKeys" must be a positive integer'],
  ])('refuses the settings %j', (settings, message) => {
    expect(() => createRateLimiter({ perMinute: 1, burst: 1, maxKeys: 1, ...settings })).toThrow(message);
  });
});
