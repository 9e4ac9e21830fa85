import { importPKCS8, SignJWT } from 'jose';

// Node's WebCrypto signs on the libuv pool, so a batch in flight uses every core; larger batches only queue.
const BATCH = 64;

/** Signs `count` JWTs PS256 with a PEM private key, `claimsAt(i)` giving each one's claims. */
export async function signJwts(privateKeyPem: string, kid: string, count: number, claimsAt: (index: number) => Record<string, unknown>): Promise<string[]> {
  // Signing is the TPP's cost, so callers pay it before a measured phase, never inside one.
  const key = await importPKCS8(privateKeyPem, 'PS256');
  const tokens: string[] = new Array<string>(count);
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) =>
      new SignJWT(claimsAt(start + offset)).setProtectedHeader({ alg: 'PS256', kid, typ: 'JWT' }).sign(key),
    );
    (await Promise.all(batch)).forEach((token, offset) => {
      tokens[start + offset] = token;
    });
  }
  return tokens;
}
