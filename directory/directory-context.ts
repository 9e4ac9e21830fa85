import type { IssuingAuthority } from './pki/load-issuing-authority';
import type { DirectoryStore } from './state/open-directory-store';

/** What the directory's handlers share: its public base URL, its state, and the CA that issues certificates. */
export type DirectoryContext = {
  /** Public base URL without a trailing slash; also the OIDC issuer. */
  baseUrl: string;
  store: DirectoryStore;
  authority: IssuingAuthority;
};
