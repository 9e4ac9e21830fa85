import type { OidcProviderModule } from './oidc-provider-types';

/** Loads oidc-provider (ESM only, untyped) behind the narrow types in `oidc-provider-types.ts`. */
export async function loadOidcProviderModule(): Promise<OidcProviderModule> {
  // A variable specifier makes TypeScript treat the import as untyped here instead of needing a project-wide
  // `declare module` (as directory/oidc/load-oidc-provider-module.ts does for the sandbox directory).
  const specifier: string = 'oidc-provider';
  return (await import(specifier)) as OidcProviderModule;
}
