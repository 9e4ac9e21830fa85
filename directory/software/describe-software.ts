import type { Software } from '../state/directory-state';
import { keystoreUrls, type KeystoreUrls } from './keystore-urls';

/** A software statement as the sandbox API lists it: metadata, key ids and certificates, never private keys. */
export type SoftwareDescription = {
  software_id: string;
  org_id: string;
  client_name: string;
  roles: string[];
  redirect_uris: string[];
  environment: string;
  created_at: string;
  signing: { kid: string; certificate_pem: string };
  transport: { kid: string; certificate_pem: string };
  jwks_endpoints: KeystoreUrls;
};

/** Describes a software statement without its private keys. */
export function describeSoftware(baseUrl: string, software: Software): SoftwareDescription {
  return {
    software_id: software.softwareId,
    org_id: software.orgId,
    client_name: software.clientName,
    roles: software.roles,
    redirect_uris: software.redirectUris,
    environment: software.environment,
    created_at: software.createdAt,
    signing: { kid: software.signing.kid, certificate_pem: software.signing.certificatePem },
    transport: { kid: software.transport.kid, certificate_pem: software.transport.certificatePem },
    jwks_endpoints: keystoreUrls(baseUrl, software.orgId, software.softwareId),
  };
}
