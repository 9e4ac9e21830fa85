import type { OidcProviderModule } from './oidc-provider-types';

/** Loads oidc-provider behind the narrow types in `oidc-provider-types.ts`. */
export async function loadOidcProviderModule(): Promise<OidcProviderModule> {
  // The package has no type declarations; a variable specifier makes TypeScript treat the import as
  // untyped here instead of needing a project-wide `declare module` that other code could collide with.
  const specifier: string = 'oidc-provider';
  return (await import(specifier)) as OidcProviderModule;
}
