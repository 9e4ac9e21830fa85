/**
 * Whether `der` is exactly one DER-encoded SEQUENCE (as an X.509 certificate is), with nothing after it.
 * @peculiar/x509 parses a certificate followed by stray bytes and keeps them in `rawData`, so its
 * thumbprint would not be the certificate's; strict parsers (OpenSSL, Go) refuse trailing data.
 */
export function isSingleDerValue(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] as number;
  // Short form: the length itself (X.690 §8.1.3.4); long form: 0x80 | the number of length octets.
  if (first < 0x80) return 2 + first === der.length;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || der.length < 2 + octets) return false;
  let length = 0;
  for (let index = 0; index < octets; index += 1) length = length * 256 + (der[2 + index] as number);
  return 2 + octets + length === der.length;
}
