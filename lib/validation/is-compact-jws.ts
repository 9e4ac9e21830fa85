// RFC 7515 §7.1: three base64url parts. jose's decoders would skip whitespace inside a part, and read only
// the header and payload, so this is checked before any of them runs.
const COMPACT_JWS = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** Whether `token` is a compact JWS in form: exactly three base64url parts separated by ".", nothing else. */
export function isCompactJws(token: string): boolean {
  return COMPACT_JWS.test(token);
}
