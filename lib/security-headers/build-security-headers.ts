import { buildContentSecurityPolicy } from './build-content-security-policy';

/** HSTS for a year, subdomains included (the portal's host is the bank's, not shared). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** What the per-request security headers depend on. */
export type SecurityHeadersOptions = {
  nonce: string;
  /** PORTAL_URL: the public origin, https in any real deployment. */
  portalUrl: string;
  isDevelopment: boolean;
};

/**
 * The security headers that vary per request or per deployment: the nonce-based CSP, and HSTS when the
 * portal's public URL is https. The fixed ones (nosniff, framing, referrer, permissions, COOP) are in
 * next.config.js, which also covers static assets.
 */
export function buildSecurityHeaders({ nonce, portalUrl, isDevelopment }: SecurityHeadersOptions): Record<string, string> {
  const isHttps = new URL(portalUrl).protocol === 'https:';
  return {
    'content-security-policy': buildContentSecurityPolicy({ nonce, isHttps, isDevelopment }),
    // RFC 6797 §7.2: never over plain http, where it would be ignored at best and pin localhost at worst.
    ...(isHttps ? { 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : {}),
  };
}
