import 'server-only';
import type { Prisma } from '@/lib/db';
import type { KeySealer } from '@/lib/key-encryption/key-sealer';
import type { GeneratedSigningKey } from './generate-signing-key';

/** A new signing key as a `SigningKey` row stores it: the private key only sealed (`privateKeyJwe`), never in clear. */
export async function sealSigningKey(key: GeneratedSigningKey, sealer: KeySealer): Promise<Prisma.SigningKeyCreateInput> {
  return {
    kid: key.kid,
    alg: key.alg,
    publicJwk: key.publicJwk as Prisma.InputJsonObject,
    privateKeyJwe: await sealer.seal(new TextEncoder().encode(key.privateKeyPem)),
  };
}
