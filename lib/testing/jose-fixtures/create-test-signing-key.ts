import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** An asymmetric signing algorithm tests generate keys for (RS256 exists to prove it is refused). */
export type TestSigningAlg = 'PS256' | 'ES256' | 'RS256';

/** A generated key pair: the private key to sign with, and its public JWK (`kid`, `alg`, `use: sig`) for a JWKS. */
export type TestSigningKey = { alg: TestSigningAlg; kid: string; privateKey: CryptoKey; publicJwk: JWK };

/** Generates a fresh signing key pair for tests. */
export async function createTestSigningKey(alg: TestSigningAlg, kid: string): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}
