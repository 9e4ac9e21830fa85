import { x509 } from './x509';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const BEGIN = /-----BEGIN CERTIFICATE-----/g;

/**
 * Splits the text of a PEM bundle (`DIRECTORY_CA_BUNDLE`: roots and intermediates) into one PEM per
 * certificate, in file order. Text between blocks (OpenSSL's `subject=` lines, comments) is ignored.
 * Throws when a block is unterminated or unreadable, or when there is no certificate at all: a broken
 * trust store must stop the start-up, not refuse every TPP later.
 */
export function loadCaBundle(text: string): string[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length !== (text.match(BEGIN) ?? []).length) {
    throw new Error('the CA bundle has a certificate without its "-----END CERTIFICATE-----" line');
  }
  if (blocks.length === 0) throw new Error('the CA bundle contains no certificate');
  return blocks.map((block, index) => {
    try {
      return new x509.X509Certificate(block).toString('pem');
    } catch (cause) {
      throw new Error(`certificate ${index + 1} of the CA bundle is not a valid X.509 certificate`, { cause });
    }
  });
}
