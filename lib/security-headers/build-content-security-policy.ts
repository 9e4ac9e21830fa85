/** What the Content-Security-Policy of a page depends on. */
export type ContentSecurityPolicyOptions = {
  /** A fresh, unguessable value per request; Next.js reads it back from the request's CSP header. */
  nonce: string;
  /** The portal is served over https (PORTAL_URL): sub-resources may then be upgraded. */
  isHttps: boolean;
  /** `next dev`: React rebuilds server error stacks with eval, which production never does. */
  isDevelopment: boolean;
};

/**
 * The portal's Content-Security-Policy: scripts only with this request's nonce (Next.js puts it on its own
 * inline and bundle scripts, and 'strict-dynamic' lets those load their chunks), nothing framed, embedded or
 * posted anywhere but the portal itself.
 */
export function buildContentSecurityPolicy({ nonce, isHttps, isDevelopment }: ContentSecurityPolicyOptions): string {
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDevelopment ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", `'nonce-${nonce}'`],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    // Sign-in and sign-out go to the IdP by a script-driven navigation (next-auth's signIn/signOut fetch the
    // URL, then set window.location), which form-action does not govern; every form posts to the portal.
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    // On plain-http localhost this would send every sub-resource to an https port that does not exist.
    ...(isHttps ? ([['upgrade-insecure-requests']] as Array<[string]>) : []),
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}
