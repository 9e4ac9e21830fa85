// Unit tests import lib/ modules directly in Node; the real `server-only` guards the Next.js bundle.
export {};
