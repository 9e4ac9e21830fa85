import 'server-only';
import { formatDistinguishedName } from '@/lib/certificates/format-distinguished-name';
import { x509 } from '@/lib/certificates/x509';
import type { JwksFetcher } from '@/lib/keys/key-resolver';

/**
 * The subject DN of the software's transport certificate (`x5c[0]` of the `use: tls` key in its JWKS),
 * to prefill `tls_client_auth_subject_dn`. A convenience only: null when it cannot be read.
 */
export async function readTransportSubjectDn(softwareJwksUri: string, fetchJwks: JwksFetcher): Promise<string | null> {
  try {
    const { keys } = await fetchJwks(softwareJwksUri);
    const der = keys.find((key) => key.use === 'tls' && Array.isArray(key.x5c) && key.x5c.length > 0)?.x5c?.[0];
    if (!der) return null;
    return formatDistinguishedName(new x509.X509Certificate(Buffer.from(der, 'base64')).subjectName);
  } catch {
    return null;
  }
}
