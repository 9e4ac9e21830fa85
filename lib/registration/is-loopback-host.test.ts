import { describe, expect, it } from 'vitest';

import { isLoopbackHost } from './is-loopback-host';

// Hostnames as WHATWG URL reports them, so the table goes through `new URL`.
const hostOf = (url: string) => new URL(url).hostname;

describe('isLoopbackHost', () => {
  it.each([
    'https://localhost/cb',
    'https://LOCALHOST/cb',
    'https://localhost./cb',
    'https://app.localhost/cb',
    'https://127.0.0.1/cb',
    'https://127.255.10.1:8443/cb',
    'https://127.1/cb',
    'https://0x7f000001/cb',
    'https://0.0.0.0/cb',
    'https://[::1]/cb',
    'https://[0:0:0:0:0:0:0:1]/cb',
    'https://[::]/cb',
    'https://[::ffff:127.0.0.1]/cb',
  ])('%s is loopback', (url) => {
    expect(isLoopbackHost(hostOf(url))).toBe(true);
  });

  it.each(['https://tpp.example/cb', 'https://localhost.tpp.example/cb', 'https://mylocalhost/cb', 'https://128.0.0.1/cb', 'https://10.0.0.1/cb', 'https://[::2]/cb', 'https://[::ffff:10.0.0.1]/cb'])(
    '%s is not loopback',
    (url) => {
      expect(isLoopbackHost(hostOf(url))).toBe(false);
    },
  );
});
