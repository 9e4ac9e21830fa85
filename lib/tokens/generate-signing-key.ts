import 'server-only';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import { BANK_SIGNING_ALG } from '@/lib/profile/ob-profile';

/** A new bank signing key, as a `SigningKey` row stores it. */
export type GeneratedSigningKey = { kid: string; alg: typeof BANK_SIGNING_ALG; publicJwk: JWK; privateKeyPem: string };

/** Generates a PS256 RSA-2048 signing key whose `kid` is its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(BANK_SIGNING_ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    kid,
    alg: BANK_SIGNING_ALG,
    publicJwk: { ...jwk, kid, alg: BANK_SIGNING_ALG, use: 'sig' },
    privateKeyPem: await exportPKCS8(privateKey),
  };
}
