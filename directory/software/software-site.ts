/** The made-up website of a sandbox software, derived from its client name. */
export type SoftwareSite = {
  clientUri: string;
  logoUri: string;
  policyUri: string;
  tosUri: string;
  defaultRedirectUri: string;
};

/** Derives a sandbox software's URIs from its name: "Acme App" → `https://acme-app.example/…`. */
export function softwareSite(clientName: string): SoftwareSite {
  const slug =
    clientName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63)
      .replace(/-+$/, '') || 'software';
  const origin = `https://${slug}.example`;
  return {
    clientUri: origin,
    logoUri: `${origin}/logo.png`,
    policyUri: `${origin}/privacy`,
    tosUri: `${origin}/terms`,
    defaultRedirectUri: `${origin}/callback`,
  };
}
