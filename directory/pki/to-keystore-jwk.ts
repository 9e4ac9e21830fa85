import { calculateJwkThumbprint, exportJWK, importX509, type JWK } from 'jose';

import { x509 } from './x509';

/** A public JWK as the OB keystore publishes it: key, `kid`, `use`, optional `alg`, and its certificate chain. */
export type KeystoreJwk = JWK & { kid: string; use: 'sig' | 'tls'; x5c: string[]; 'x5t#S256': string };

/** A JSON Web Key Set of keystore keys. */
export type KeystoreJwks = { keys: KeystoreJwk[] };

/**
 * Publishes a certified key: the leaf's public key with `x5c` (leaf first, then its issuers, base64 DER),
 * `x5t#S256`, and a `kid` that is the key's RFC 7638 thumbprint.
 */
export async function toKeystoreJwk(
  chainPem: readonly [string, ...string[]],
  use: 'sig' | 'tls',
  alg?: 'PS256',
): Promise<KeystoreJwk> {
  const [leafPem] = chainPem;
  // The CryptoKey's algorithm only matters for signing; any RSA name exports the same public JWK.
  const jwk = await exportJWK(await importX509(leafPem, 'PS256', { extractable: true }));
  const certificates = chainPem.map((pem) => new x509.X509Certificate(pem));
  const leaf = new x509.X509Certificate(leafPem);
  return {
    kty: jwk.kty,
    n: jwk.n,
    e: jwk.e,
    kid: await calculateJwkThumbprint(jwk),
    use,
    ...(alg ? { alg } : {}),
    x5c: certificates.map((certificate) => Buffer.from(certificate.rawData).toString('base64')),
    'x5t#S256': Buffer.from(await leaf.getThumbprint('SHA-256')).toString('base64url'),
  };
}
