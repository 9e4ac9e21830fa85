/** Where a sign-in entry may send the browser afterwards, and what to fall back to. */
export type CallbackUrlPolicy = {
  /** PORTAL_URL: only its origin is accepted. */
  portalUrl: string;
  /** A portal path used when the callback URL is absent or refused, e.g. `/applications`. */
  fallback: string;
  /** A path the target must be (or lie under), e.g. `/admin` for the admin console. */
  under?: string;
};

/**
 * The absolute URL a sign-in may send the browser to: `callbackUrl` resolved against the portal's origin with the
 * WHATWG URL parser, as the browser will resolve it (so `/\host` and `/<tab>/host` read as `//host`, another
 * origin), kept only when it stays on that origin (and under `under`), else the fallback. Absolute on purpose: a
 * same-origin path such as `//host` (from `/.//host`) would be read as another host if handed on as a path.
 */
export function resolveCallbackUrl(callbackUrl: string | null | undefined, { portalUrl, fallback, under }: CallbackUrlPolicy): string {
  const origin = new URL(portalUrl).origin;
  const resolved = callbackUrl ? URL.parse(callbackUrl, origin) : null;
  const isAccepted = resolved !== null && resolved.origin === origin && (under === undefined || isUnder(resolved.pathname, under));
  return isAccepted ? resolved.href : new URL(fallback, origin).href;
}

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}
