import { isSingleDerValue } from './is-single-der-value';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/g;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads the client certificate the TLS terminator forwards in a header (`MTLS_CERT_HEADER`): a
 * URL-encoded PEM, as nginx's `$ssl_client_escaped_cert`. Returns one certificate as canonical PEM
 * (64-column lines), or null when the header is absent, empty or malformed; never throws. The
 * certificate itself is checked later (`validateTransportCertificate`).
 */
export function readCertificateHeader(value: string | null | undefined): string | null {
  if (!value) return null;
  let decoded: string;
  try {
    // Only percent-decoding: "+" is a base64 character here, never an encoded space.
    decoded = decodeURIComponent(value);
  } catch {
    return null;
  }
  const blocks = [...decoded.matchAll(PEM_BLOCK)];
  // One certificate, nothing but whitespace around it: a chain or stray text is not what nginx sends.
  if (blocks.length !== 1 || decoded.replace(PEM_BLOCK, '').trim() !== '') return null;
  // Some terminators fold the PEM onto one line (spaces for newlines) or indent it; the body is base64 either way.
  const body = (blocks[0]?.[1] ?? '').replace(/\s+/g, '');
  if (body === '' || !BASE64.test(body)) return null;
  // One certificate means one DER value: bytes after it would change its thumbprint (RFC 8705 binding).
  if (!isSingleDerValue(Buffer.from(body, 'base64'))) return null;
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
