import type { DirectoryContext } from '../directory-context';
import type { Organisation, Software } from '../state/directory-state';
import { keystoreUrls, type KeystoreUrls } from './keystore-urls';
import { signSoftwareStatement } from './sign-software-statement';

/** Everything a TPP developer downloads to use a sandbox software: a fresh SSA, private keys, certificates, CA bundle. */
export type SoftwareBundle = {
  software_id: string;
  org_id: string;
  ssa: string;
  signing: { kid: string; private_key_pem: string; certificate_pem: string };
  transport: { kid: string; private_key_pem: string; certificate_pem: string };
  ca_bundle_pem: string;
  jwks_endpoints: KeystoreUrls;
};

/** Builds a software's download bundle, signing a new SSA. */
export async function buildSoftwareBundle(
  context: DirectoryContext,
  organisation: Organisation,
  software: Software,
): Promise<SoftwareBundle> {
  return {
    software_id: software.softwareId,
    org_id: software.orgId,
    ssa: await signSoftwareStatement(context, organisation, software),
    signing: {
      kid: software.signing.kid,
      private_key_pem: software.signing.privateKeyPem,
      certificate_pem: software.signing.certificatePem,
    },
    transport: {
      kid: software.transport.kid,
      private_key_pem: software.transport.privateKeyPem,
      certificate_pem: software.transport.certificatePem,
    },
    ca_bundle_pem: context.authority.bundlePem,
    jwks_endpoints: keystoreUrls(context.baseUrl, software.orgId, software.softwareId),
  };
}
