import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

// On globalThis: Next.js may bundle routes apart, and one request's id must be the one every module reads.
const globalForRequestIds = globalThis as typeof globalThis & { onboardRequestIds?: AsyncLocalStorage<string> };

/** The id of the request being handled, for code that runs outside the root proxy (the mTLS route handlers). */
export const requestIdStorage = (globalForRequestIds.onboardRequestIds ??= new AsyncLocalStorage<string>());
