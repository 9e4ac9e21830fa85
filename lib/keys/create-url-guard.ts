import { isLoopbackHost } from '@/lib/registration/is-loopback-host';
import { JwksFetchError } from './jwks-fetch-error';

/** Parses a URL to fetch (a JWKS, an OCSP responder, a CRL) and returns it if it may be fetched; throws a `JwksFetchError` (`url_refused`) otherwise. */
export type UrlGuard = (url: string) => URL;

/**
 * `label` names what is fetched in messages. `allowsPlainHttp`: OCSP responses and CRLs are signed by the CA and
 * verified before use, so RFC 5280 §4.2.1.13 and RFC 6960 serve them over plain http; a JWKS is not signed.
 */
export type UrlGuardOptions = { label?: string; allowsPlainHttp?: boolean };

type AllowedHost = { hostname: string; port: number | null };

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };
const MAX_ECHOED_HOST_LENGTH = 100;

/**
 * Creates the SSRF guard for JWKS URLs (OB-RULES SSA 8), and with `options` for OCSP and CRL URLs: `https:` (plain `http:` only to a loopback host, where
 * the embedded sandbox directory runs: a key set fetched in clear text over a network could be swapped), no
 * credentials, and a host on the allow-list. An entry is `host` or `host:port`, matched case-insensitively after
 * WHATWG URL normalisation (so `127.1`, `0x7f000001` and `2130706433` are all `127.0.0.1`): `keystore.example`
 * allows that host on the scheme's default port only (443 for https, 80 for http); `localhost:4000` allows exactly
 * that port. Loopback, private and metadata addresses in the URL are refused because nobody allow-listed them; an
 * allow-listed name that resolves to one is refused by `createAddressCheckedFetch`.
 */
export function createUrlGuard(allowedHosts: string[], { label = 'JWKS', allowsPlainHttp = false }: UrlGuardOptions = {}): UrlGuard {
  const entries = allowedHosts.map((entry) => parseAllowedHost(entry, label));
  return (url) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new JwksFetchError('url_refused', `${label} URL is not an absolute URL`);
    }
    const defaultPort = DEFAULT_PORTS[target.protocol];
    if (defaultPort === undefined) {
      throw new JwksFetchError('url_refused', `${label} URL must use https or http`);
    }
    if (target.username !== '' || target.password !== '') {
      throw new JwksFetchError('url_refused', `${label} URL must not carry credentials`);
    }
    // WHATWG URL drops an explicit default port, so `port === ''` means "the scheme's default port".
    const isDefaultPort = target.port === '';
    const port = isDefaultPort ? defaultPort : Number(target.port);
    const isAllowed = entries.some(
      (entry) => entry.hostname === target.hostname && (entry.port === null ? isDefaultPort : entry.port === port),
    );
    if (!isAllowed) {
      const host = target.host.length > MAX_ECHOED_HOST_LENGTH ? `${target.host.slice(0, MAX_ECHOED_HOST_LENGTH)}…` : target.host;
      throw new JwksFetchError('url_refused', `${label} host "${host}" is not allowed`);
    }
    if (target.protocol === 'http:' && !allowsPlainHttp && !isLoopbackHost(target.hostname)) {
      throw new JwksFetchError('url_refused', `${label} URL must use https`);
    }
    return target;
  };
}

// A misconfigured allow-list is a deployment fault, so it throws at start-up rather than refusing quietly.
function parseAllowedHost(entry: string, label: string): AllowedHost {
  const trimmed = entry.trim();
  const invalid = new TypeError(`allowed ${label} host "${entry}" must be "host" or "host:port"`);
  if (trimmed === '' || /[\s/?#@\\]/.test(trimmed)) throw invalid;
  // IPv6 literals are bracketed, so a trailing ":digits" is always a port.
  const match = /^(.*):(\d{1,5})$/.exec(trimmed);
  const host = match?.[1] ?? trimmed;
  const port = match?.[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) throw invalid;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    throw invalid;
  }
  if (hostname === '') throw invalid;
  return { hostname, port };
}
