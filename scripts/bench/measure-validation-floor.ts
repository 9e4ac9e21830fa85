import { randomUUID } from 'node:crypto';
import { compactVerify, importJWK, SignJWT } from 'jose';

import { validateRegistrationRequest } from '../../lib/registration/validate-registration-request';
import { createRegistrationFixture } from '../../lib/testing/registration-fixtures/create-registration-fixture';

/** Sequential operations: how many per second, and the mean time of one. */
export type OperationRate = { iterations: number; opsPerSecond: number; meanMs: number };

/** What one process can do without HTTP, TLS or a database: the DCR validation core, and PS256 alone. */
export type ValidationFloor = { validateRegistration: OperationRate; ps256Verify: OperationRate; ps256Sign: OperationRate };

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
  return { validateRegistration, ps256Verify, ps256Sign };
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
