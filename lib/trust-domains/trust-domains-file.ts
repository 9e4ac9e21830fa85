import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * One trust domain as the configuration names it (OB-RULES *Trust over time*, environments): the environment it
 * serves, the SSA issuers and the JWKS whose keys sign its SSAs, the CA bundle that anchors its certificates, and the
 * hosts its TPP JWKS, revoked lists, OCSP responders and CRLs may be fetched from.
 */
export type TrustDomainConfig = {
  environment: string;
  ssaIssuers: string[];
  jwksUri: string;
  caBundlePath: string;
  jwksHosts: string[];
  pkiHosts: string[];
};

const hostSchema = z
  .string()
  .regex(/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i, 'must be a host name, optionally with :port');

const domainSchema = z.strictObject({
  environment: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case name such as sandbox or production'),
  ssaIssuers: z.array(z.string().min(1)).min(1, 'must name at least one issuer'),
  jwksUri: z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }),
  caBundle: z.string().min(1, 'must be the path of a PEM file'),
  jwksHosts: z.array(hostSchema).min(1, 'must name at least one host'),
  pkiHosts: z.array(hostSchema),
});

const fileSchema = z.strictObject({
  domains: z
    .array(domainSchema)
    .min(1, 'must hold at least one trust domain')
    .superRefine((domains, ctx) => {
      const seen = new Set<string>();
      domains.forEach((domain, index) => {
        if (seen.has(domain.environment)) ctx.addIssue({ code: 'custom', path: [index, 'environment'], message: `"${domain.environment}" is served by more than one trust domain` });
        seen.add(domain.environment);
      });
    }),
});

/**
 * Reads and validates `TRUST_DOMAINS_FILE`: `{ "domains": [{ environment, ssaIssuers, jwksUri, caBundle, jwksHosts,
 * pkiHosts }, …] }`, one domain per environment; a relative `caBundle` is read from the file's own folder. Throws
 * the list of what is wrong, each naming where in the file.
 */
export function readTrustDomainsFile(filePath: string): TrustDomainConfig[] {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new TrustDomainsFileError([`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrustDomainsFileError(['is not JSON']);
  }
  const result = fileSchema.safeParse(json);
  if (!result.success) throw new TrustDomainsFileError(result.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`));
  const folder = path.dirname(path.resolve(/*turbopackIgnore: true*/ filePath));
  return result.data.domains.map(({ caBundle, ...domain }) => ({ ...domain, caBundlePath: path.resolve(/*turbopackIgnore: true*/ folder, caBundle) }));
}

/** What is wrong with a trust domains file, one entry per problem. */
export class TrustDomainsFileError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'TrustDomainsFileError';
  }
}
