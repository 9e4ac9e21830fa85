import type { IssuingAuthority } from '../pki/load-issuing-authority';
import { toKeystoreJwk, type KeystoreJwk } from '../pki/to-keystore-jwk';
import type { Software } from '../state/directory-state';

/** A software's current (signing `sig`, transport `tls`) or revoked public keys, each with its certificate chain. */
export async function softwareKeystoreKeys(
  authority: IssuingAuthority,
  software: Software,
  which: 'current' | 'revoked',
): Promise<KeystoreJwk[]> {
  const issuingPem = authority.issuing.toString('pem');
  const keys =
    which === 'current'
      ? [
          { use: 'sig' as const, certificatePem: software.signing.certificatePem },
          { use: 'tls' as const, certificatePem: software.transport.certificatePem },
        ]
      : software.revokedKeys;
  // Only signing keys carry `alg`: a transport key authenticates TLS and never signs a JWS.
  return Promise.all(keys.map((key) => toKeystoreJwk([key.certificatePem, issuingPem], key.use, key.use === 'sig' ? 'PS256' : undefined)));
}
