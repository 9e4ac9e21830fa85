/** Just enough of a browser's cookie jar to drive oidc-provider's interaction cookies with fetch. */
export type CookieJar = {
  /** Stores the cookies a response sets (and drops the ones it expires). */
  store(response: Response): void;
  /** The `Cookie` header to send; path scoping is ignored, which oidc-provider's cookies tolerate. */
  header(): string;
};

/** A new, empty cookie jar. */
export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    store(response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
        const separator = pair.indexOf('=');
        const name = pair.slice(0, separator);
        const value = pair.slice(separator + 1);
        const expires = attributes.find((attribute) => attribute.toLowerCase().startsWith('expires='));
        const isExpired = expires !== undefined && Date.parse(expires.slice('expires='.length)) <= Date.now();
        if (isExpired || value === '') {
          cookies.delete(name);
        } else {
          cookies.set(name, value);
        }
      }
    },
    header() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    },
  };
}
