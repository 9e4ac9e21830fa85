// Issue 6 (faults): the directory's or the software's JWKS endpoint down or slow, at the validation core, with
// the production key sources (createJwksResolverFactory, createJwksFetcher) over real HTTP. The caches' clock
// is the system clock (jose reads Date.now), so Date is faked and moved; timers stay real for the timeouts.
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { createJwksResolverFactory } from '@/lib/keys/create-jwks-resolver-factory';
import { buildSoftwareStatementClaims, TEST_SSA_NOW } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';
import { createRegistrationFixture, type RegistrationFixture } from '@/lib/testing/registration-fixtures/create-registration-fixture';
import { firstFailure } from '@/lib/validation/report';
import { validateRegistrationRequest } from './validate-registration-request';

const CACHE_MAX_AGE_MS = 60_000;
const TIMEOUT_MS = 300;

type Mode = 'up' | 'hang';

/** A JWKS host that can be stopped (connections refused) and started again on its port, or made to hang. */
type SwitchableServer = { url: string; host: string; requests: number; mode: Mode; body: () => unknown; stop(): Promise<void>; start(): Promise<void> };

async function startSwitchableServer(path: string, body: () => unknown): Promise<SwitchableServer> {
  let server: Server | null = null;
  let port = 0;
  const state: SwitchableServer = {
    url: '',
    host: '',
    requests: 0,
    mode: 'up',
    body,
    async start() {
      server = createServer((request, response) => {
        state.requests += 1;
        if (state.mode === 'hang') return; // Never answers: the fetch's timeout must end it.
        if (request.url !== path) return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.body()));
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    },
    async stop() {
      const closing = server;
      server = null;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise((resolve) => closing.close(resolve));
    },
  };
  await state.start();
  state.url = `http://127.0.0.1:${port}${path}`;
  state.host = `127.0.0.1:${port}`;
  return state;
}

let fixture: RegistrationFixture;
let directory: SwitchableServer;
let software: SwitchableServer;
let ssa: string;

beforeAll(async () => {
  fixture = await createRegistrationFixture();
  directory = await startSwitchableServer('/openbanking.jwks', () => ({ keys: [fixture.directoryKey.publicJwk] }));
  software = await startSwitchableServer('/software.jwks', () => fixture.softwareJwks);
  // The revoked-key lists have outage tests of their own (lib/revoked-keys): this SSA names none.
  ssa = await signTestJws(
    buildSoftwareStatementClaims({ software_jwks_endpoint: software.url, software_jwks_revoked_endpoint: undefined, org_jwks_revoked_endpoint: undefined }),
    fixture.directoryKey,
  );
});

afterAll(async () => {
  await Promise.all([directory?.stop(), software?.stop()]);
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(TEST_SSA_NOW);
  software.body = () => fixture.softwareJwks;
  for (const server of [directory, software]) {
    server.mode = 'up';
    await server.stop();
    await server.start();
  }
});

afterEach(() => {
  vi.useRealTimers();
});

// The key sources of one process (getValidationContext builds them once): cold caches for each test.
function createValidator() {
  const allowedHosts = [directory.host, software.host];
  const options = { allowedHosts, timeoutMs: TIMEOUT_MS, cacheMaxAgeMs: CACHE_MAX_AGE_MS };
  const resolverFor = createJwksResolverFactory(options);
  const deps = fixture.deps({
    resolveSsaKey: createJwksResolverFactory({ ...options, allowedHosts: [directory.host] })(directory.url),
    resolverFor,
    fetchJwks: createJwksFetcher({ ...options, now: () => Date.now() }),
  });
  return async (key?: TestSigningKey) => {
    const body = await fixture.sign(fixture.claims({ jti: crypto.randomUUID(), software_statement: ssa }), key ? { key } : {});
    const startedAt = performance.now();
    const { report } = await validateRegistrationRequest(body, deps);
    return { failure: firstFailure(report) ?? null, ms: performance.now() - startedAt };
  };
}

const later = (ms: number) => vi.setSystemTime(TEST_SSA_NOW.getTime() + ms);

describe('the software rotating its signing key', () => {
  it('registers with the new key at once: the whole JWKS, cached before the rotation, is read again for it', async () => {
    const validate = createValidator();
    expect((await validate()).failure).toBeNull();
    // The directory issues the software a new signing key and withdraws the old one (as revoke-keys does).
    const rotatedKey = await createTestSigningKey('PS256', 'software-sig-key-2');
    const jwks = { keys: [rotatedKey.publicJwk, ...fixture.softwareJwks.keys.filter((key) => key.use !== 'sig')] };
    software.body = () => jwks;
    // Past the resolver's cooldown for an unknown kid, well within the caches' age.
    later(2_000);
    expect((await validate(rotatedKey)).failure).toBeNull();
    // Once again: the fresh copy is cached now.
    const requests = software.requests;
    expect((await validate(rotatedKey)).failure).toBeNull();
    expect(software.requests).toBe(requests);
  });
});

describe.each([
  ['directory', () => directory, { id: 'ssa.signature', code: 'invalid_software_statement', description: 'the JWKS for the software statement could not be fetched' }],
  ['software', () => software, { id: 'request.signature', code: 'invalid_client_metadata', description: 'the JWKS for the registration request could not be fetched' }],
] as const)('the %s JWKS endpoint failing after a first successful validation', (_name, server, expectedFailure) => {
  it.each([
    ['is stopped', (target: SwitchableServer) => target.stop(), (target: SwitchableServer) => target.start()],
    ['hangs past the fetch timeout', async (target: SwitchableServer) => void (target.mode = 'hang'), async (target: SwitchableServer) => void (target.mode = 'up')],
  ])('%s: cached keys keep working within their TTL, then a clear refusal, then success once it is back', async (_label, breakIt, restoreIt) => {
    const validate = createValidator();
    expect((await validate()).failure).toBeNull();
    const requestsWhenCached = server().requests;

    await breakIt(server());
    later(CACHE_MAX_AGE_MS / 2);
    expect((await validate()).failure).toBeNull();
    expect(server().requests).toBe(requestsWhenCached);

    later(CACHE_MAX_AGE_MS + 1_000);
    const refused = await validate();
    expect(refused.failure).toMatchObject(expectedFailure);
    // A hung endpoint costs at most the fetch timeout per key source, not a hung request.
    expect(refused.ms).toBeLessThan(TIMEOUT_MS * 3 + 1_000);

    await restoreIt(server());
    later(CACHE_MAX_AGE_MS + 2_000);
    expect((await validate()).failure).toBeNull();
  });
});
