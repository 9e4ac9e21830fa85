import type { DirectoryContext } from '../directory-context';
import { unknownOrganisation, unknownSoftware, type ApiError } from '../http/api-error';
import { toKeystoreJwk, type KeystoreJwks } from '../pki/to-keystore-jwk';
import { softwareKeystoreKeys } from './software-keystore-keys';

const KEYSTORE_PATH = /^\/keystore\/([A-Za-z0-9_-]+)\/(revoked\/)?([A-Za-z0-9_-]+)\.jwks$/;

/**
 * Answers a keystore path as the OB keystore lays them out: `/keystore/openbanking.jwks` (SSA-signing keys),
 * `/keystore/<org>/<org>.jwks`, `/keystore/<org>/<software>.jwks`, and the same under `revoked/`.
 * Returns `undefined` for a path outside the keystore.
 */
export async function resolveKeystore(context: DirectoryContext, pathname: string): Promise<KeystoreJwks | ApiError | undefined> {
  const { state } = context.store;
  const { authority } = context;
  const issuingPem = authority.issuing.toString('pem');
  if (pathname === '/keystore/openbanking.jwks') {
    const keys = await Promise.all(state.ssaSigningKeys.map((key) => toKeystoreJwk([key.certificatePem, issuingPem], 'sig', 'PS256')));
    return { keys };
  }
  const match = KEYSTORE_PATH.exec(pathname);
  if (!match) {
    return undefined;
  }
  const [, orgId = '', revoked, keystoreId = ''] = match;
  const which = revoked ? 'revoked' : 'current';
  if (!state.organisations.some((organisation) => organisation.id === orgId)) {
    return unknownOrganisation(orgId);
  }
  const orgSoftware = state.software.filter((software) => software.orgId === orgId);
  if (keystoreId === orgId) {
    const keys = (await Promise.all(orgSoftware.map((software) => softwareKeystoreKeys(authority, software, which)))).flat();
    if (which === 'current') {
      // The OB keystore also publishes the issuing CA in each organisation's JWKS (OB-RULES: "the same anchor").
      keys.push(await toKeystoreJwk([issuingPem, authority.root.toString('pem')], 'tls'));
    }
    return { keys };
  }
  const software = orgSoftware.find((candidate) => candidate.softwareId === keystoreId);
  if (!software) {
    return unknownSoftware(keystoreId);
  }
  return { keys: await softwareKeystoreKeys(authority, software, which) };
}
