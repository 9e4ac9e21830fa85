/** A CSP nonce: 128 random bits, base64 (CSP3 nonce-source grammar). */
export function generateNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
