import { randomUUID } from 'node:crypto';

import { importPKCS8, SignJWT } from 'jose';

import type { DirectoryContext } from '../directory-context';
import type { Organisation, Software } from '../state/directory-state';
import { keystoreUrls } from './keystore-urls';
import { softwareSite } from './software-site';

/** The `iss` of every SSA, as the OB Directory sets it. */
export const SSA_ISSUER = 'OpenBanking Ltd';

/** Signs a fresh SSA for a software statement with the directory's current SSA-signing key (PS256). */
export async function signSoftwareStatement(
  context: DirectoryContext,
  organisation: Organisation,
  software: Software,
  now = new Date(),
): Promise<string> {
  const signingKey = context.store.state.ssaSigningKeys.at(-1);
  if (!signingKey) {
    throw new Error('the directory has no SSA signing key');
  }
  const site = softwareSite(software.clientName);
  // Claims and their order follow the OB Directory's SSA (Directory API specification, "Software Statement").
  const claims = {
    iss: SSA_ISSUER,
    iat: Math.floor(now.getTime() / 1000),
    jti: randomUUID(),
    software_environment: software.environment,
    software_mode: software.environment === 'production' ? 'Live' : 'Test',
    software_id: software.softwareId,
    software_client_id: software.softwareId,
    software_client_name: software.clientName,
    software_client_description: `${software.clientName}, by ${organisation.name}`,
    software_version: '1.0',
    software_client_uri: site.clientUri,
    software_redirect_uris: software.redirectUris,
    software_roles: software.roles,
    organisation_competent_authority_claims: {
      authority_id: 'FCAGBR',
      registration_id: organisation.registrationId,
      status: 'Active',
      authorisations: [{ member_state: 'GB', roles: organisation.roles }],
    },
    software_logo_uri: site.logoUri,
    org_status: organisation.status,
    org_id: organisation.id,
    org_name: organisation.name,
    org_contacts: [],
    ...keystoreUrls(context.baseUrl, organisation.id, software.softwareId),
    software_policy_uri: site.policyUri,
    software_tos_uri: site.tosUri,
    software_on_behalf_of_org: organisation.name,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'PS256', kid: signingKey.kid, typ: 'JWT' })
    .sign(await importPKCS8(signingKey.privateKeyPem, 'PS256'));
}
