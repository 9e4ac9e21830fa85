import { randomUUID } from 'node:crypto';
import { compactVerify, importJWK, SignJWT } from 'jose';

import { createObChecks, type ObCheckInput } from '../../lib/authorization-server/create-ob-checks';
import { createCertificateStatusChecker } from '../../lib/certificate-status/create-certificate-status-checker';
import { createJwksFetcher } from '../../lib/keys/create-jwks-fetcher';
import { validateRegistrationRequest } from '../../lib/registration/validate-registration-request';
import { startTestStatusAuthority } from '../../lib/testing/certificate-status/start-test-status-authority';
import { createRegistrationFixture } from '../../lib/testing/registration-fixtures/create-registration-fixture';

/** Sequential operations: how many per second, and the mean time of one. */
export type OperationRate = { iterations: number; opsPerSecond: number; meanMs: number };

/**
 * What one process can do without HTTP, TLS or a database: the DCR validation core, PS256 alone, and the trust
 * checks of one token request (OB-RULES *Trust over time*) with a warm cache and with none.
 */
export type ValidationFloor = {
  validateRegistration: OperationRate;
  ps256Verify: OperationRate;
  ps256Sign: OperationRate;
  /** `createObChecks` on a certificate and a signing key's certificate naming an OCSP responder, their status, the software JWKS and the revoked lists cached. */
  trustChecksWarm: OperationRate;
  /** The same with nothing cached: two OCSP requests and three JWKS reads to a local server each time. */
  trustChecksCold: OperationRate;
};

const WARMUP_ITERATIONS = 50;

/** The floor under `POST /register`: the validation core with local dependencies, then PS256 alone, run sequentially. */
export async function measureValidationFloor(iterations: number): Promise<ValidationFloor> {
  // The unit tests' fixture: local JWKS and an in-memory replay guard, but the same SSA, signature, certificate
  // chain and metadata checks as production, so only HTTP, TLS and the database are left out.
  const fixture = await createRegistrationFixture();
  // One deps object: one replay guard, so every request needs (and has) its own jti.
  const deps = fixture.deps();
  const total = WARMUP_ITERATIONS + iterations;
  const requests: string[] = [];
  for (let start = 0; start < total; start += 64) {
    const batch = Array.from({ length: Math.min(64, total - start) }, () => fixture.sign(fixture.claims({ jti: randomUUID() })));
    requests.push(...(await Promise.all(batch)));
  }
  let next = 0;
  const validateRegistration = await timeSequentially(WARMUP_ITERATIONS, iterations, async () => {
    const result = await validateRegistrationRequest(requests[next++] as string, deps);
    const failure = result.report.entries.find((entry) => entry.outcome === 'fail');
    if (failure) throw new Error(`the floor's registration request was refused: ${failure.id}: ${failure.description ?? failure.title}`);
  });

  const token = requests[0] as string;
  const publicKey = await importJWK(fixture.softwareKey.publicJwk, 'PS256');
  const ps256Verify = await timeSequentially(WARMUP_ITERATIONS, iterations * 4, () => compactVerify(token, publicKey));
  const ps256Sign = await timeSequentially(WARMUP_ITERATIONS, iterations, () =>
    new SignJWT({ sub: 'bench' }).setProtectedHeader({ alg: 'PS256' }).sign(fixture.softwareKey.privateKey),
  );
  const { trustChecksWarm, trustChecksCold } = await measureTrustChecks(iterations);
  return { validateRegistration, ps256Verify, ps256Sign, trustChecksWarm, trustChecksCold };
}

// The OB checks every token request makes, against a test CA whose OCSP responder and revoked lists a local server
// serves: what the checks themselves cost once their answers are cached (the warm path of every request), and when
// CERTIFICATE_STATUS_MAX_AGE_SECONDS=0 and REVOCATION_CACHE_MAX_AGE_SECONDS=0 ask every time.
async function measureTrustChecks(iterations: number): Promise<{ trustChecksWarm: OperationRate; trustChecksCold: OperationRate }> {
  const authority = await startTestStatusAuthority('Bench Trust CA');
  try {
    const { server } = authority;
    server.serve('/revoked/software.jwks', { body: { keys: [] } });
    server.serve('/revoked/organisation.jwks', { body: { keys: [] } });
    const certificate = await authority.issue();
    const signing = await authority.issue();
    server.serve('/software.jwks', { body: { keys: [{ kty: 'RSA', kid: 'bench-signing-key', use: 'sig', n: 'n', e: 'AQAB', x5c: [Buffer.from(signing.rawData).toString('base64')] }] } });
    const input: ObCheckInput = {
      client: {
        clientId: 'bench-client',
        softwareId: 'TestSoftware0001',
        orgId: '0015800001TESTORG',
        environment: 'sandbox',
        revokedKeyLists: { software_jwks_revoked_endpoint: server.url('/revoked/software.jwks'), org_jwks_revoked_endpoint: server.url('/revoked/organisation.jwks') },
        jwksUri: server.url('/software.jwks'),
      },
      certificatePem: certificate.toString('pem'),
      clientAssertion: { kid: 'bench-signing-key' },
    };
    const checksWith = (maxAgeMs: number) => {
      const checks = createObChecks({
        domains: [
          {
            environment: 'sandbox',
            fetchRevokedKeys: createJwksFetcher({ allowedHosts: [server.host], cacheMaxAgeMs: maxAgeMs }),
            checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: [server.host], maxAgeMs }),
            readCaCertificates: async () => [authority.ca.signer.certificatePem],
            fetchJwks: createJwksFetcher({ allowedHosts: [server.host], cacheMaxAgeMs: maxAgeMs }),
            isStatusSoftFail: false,
          },
        ],
      });
      return async () => {
        const refusal = await checks(input);
        if (refusal !== null) throw new Error(`the bench's trust checks refused: ${refusal.description}`);
      };
    };
    const trustChecksWarm = await timeSequentially(WARMUP_ITERATIONS, iterations * 4, checksWith(3_600_000));
    const trustChecksCold = await timeSequentially(WARMUP_ITERATIONS, iterations, checksWith(0));
    return { trustChecksWarm, trustChecksCold };
  } finally {
    await authority.close();
  }
}

async function timeSequentially(warmup: number, iterations: number, operation: () => Promise<unknown>): Promise<OperationRate> {
  for (let index = 0; index < warmup; index += 1) await operation();
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) await operation();
  const elapsedMs = performance.now() - started;
  return {
    iterations,
    opsPerSecond: Math.round(iterations / (elapsedMs / 1000)),
    meanMs: Math.round((elapsedMs / iterations) * 1000) / 1000,
  };
}
