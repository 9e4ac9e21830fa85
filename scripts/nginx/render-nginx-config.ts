const DOCUMENTED_CONFIG = 'scripts/nginx/onboard-mtls.conf';

/** What README "Mutual TLS" tells a bank to fill in (the CHANGE-ME values), plus the port it listens on. */
export type NginxSettings = {
  serverName: string;
  certificate: string;
  certificateKey: string;
  caBundle: string;
  upstream: string;
  proxySecret: string;
  port: number;
};

/**
 * The documented server block (scripts/nginx/onboard-mtls.conf) with the bank's values filled in and nothing
 * else changed. Each replaced text must be found exactly once, so a change to the documented file that this
 * does not know about fails here rather than testing something else.
 */
export function renderNginxConfig(template: string, settings: NginxSettings): string {
  // nginx expands `$name` inside the header value and ends the string at a quote: such a secret would be
  // sent mangled, and the API host would refuse every request.
  if (!/^[A-Za-z0-9+/=_.~-]{32,}$/.test(settings.proxySecret)) {
    throw new Error('MTLS_PROXY_SECRET for nginx must be 32+ characters of base64 or base64url (openssl rand -base64 32)');
  }
  const replacements: Array<[string, string]> = [
    ['server 127.0.0.1:8080;', `server ${settings.upstream};`],
    // Loopback only, as the embedded terminator, on an unprivileged port.
    ['listen 443 ssl;', `listen 127.0.0.1:${settings.port} ssl;`],
    ['listen [::]:443 ssl;', '# (no IPv6 listener in the test)'],
    ['server_name mtls.developer.bank.example;', `server_name ${settings.serverName};`],
    ['ssl_certificate     /etc/nginx/tls/mtls.developer.bank.example.crt;', `ssl_certificate     ${settings.certificate};`],
    ['ssl_certificate_key /etc/nginx/tls/mtls.developer.bank.example.key;', `ssl_certificate_key ${settings.certificateKey};`],
    ['ssl_client_certificate /etc/onboard/ob-ca-bundle.pem;', `ssl_client_certificate ${settings.caBundle};`],
    ['"CHANGE-ME: the value of MTLS_PROXY_SECRET"', JSON.stringify(settings.proxySecret)],
  ];
  let rendered = template;
  for (const [documented, filled] of replacements) {
    const count = rendered.split(documented).length - 1;
    if (count !== 1) throw new Error(`${DOCUMENTED_CONFIG}: expected "${documented}" once, found it ${count} times`);
    rendered = rendered.replace(documented, () => filled);
  }
  // Every value the bank must fill in was filled in (the markers are comments on those lines, or the secret).
  const unfilled = rendered.split('\n').filter((line) => /CHANGE-ME/.test(line) && !/^\s*#/.test(line) && !/#\s*CHANGE-ME/.test(line));
  if (unfilled.length) throw new Error(`${DOCUMENTED_CONFIG}: CHANGE-ME values left unfilled: ${unfilled.join(' | ')}`);
  return rendered;
}
