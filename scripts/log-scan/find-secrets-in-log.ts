/** A secret-shaped thing found in a log: where, and what kind, never the value itself. */
export type LogFinding = { line: number; kind: string; excerpt: string };

/** Secrets whose exact values are known (the embedded secrets, secrets a test was shown). */
export type KnownSecret = { name: string; value: string };

// What must never be logged, whatever its value. Each pattern is narrow enough that the product's ordinary
// output (auth method names such as "client_secret_basic", key ids, thumbprints) does not match.
const PATTERNS: Array<{ kind: string; pattern: RegExp }> = [
  // Any compact JWS: access tokens, ID tokens, client assertions, registration requests, SSAs.
  { kind: 'jwt', pattern: /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/ },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'client_secret value', pattern: /client_secret["']?\s*[=:]\s*["']?[A-Za-z0-9._~+/-]{8,}/i },
  { kind: 'client_assertion value', pattern: /client_assertion["']?\s*[=:]\s*["']?[A-Za-z0-9._~+/-]{8,}/i },
  { kind: 'bearer credential', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/ },
  { kind: 'basic credential', pattern: /\bBasic\s+[A-Za-z0-9+/]{16,}={0,2}/ },
  { kind: 'session cookie', pattern: /next-auth\.session-token=[^;\s]{8,}/ },
  { kind: 'proxy secret header', pattern: /x-onboard-mtls-proxy-secret["']?\s*[=:]\s*["']?[^\s"',;]{8,}/i },
];

// Shorter values would match by chance; every secret the portal makes has 32 bytes of entropy or more.
const MIN_KNOWN_SECRET_LENGTH = 16;

/**
 * Finds secrets, tokens and keys in a log's text: the patterns above, and each known secret's exact value.
 * Excerpts are masked, so a report of findings does not leak what it found.
 */
export function findSecretsInLog(text: string, knownSecrets: KnownSecret[] = []): LogFinding[] {
  const known = knownSecrets.filter((secret) => secret.value.length >= MIN_KNOWN_SECRET_LENGTH);
  const findings: LogFinding[] = [];
  text.split('\n').forEach((content, index) => {
    for (const { kind, pattern } of PATTERNS) {
      const match = pattern.exec(content);
      if (match) findings.push({ line: index + 1, kind, excerpt: mask(match[0]) });
    }
    for (const secret of known) {
      if (content.includes(secret.value)) findings.push({ line: index + 1, kind: `known secret ${secret.name}`, excerpt: mask(secret.value) });
    }
  });
  return findings;
}

function mask(value: string): string {
  return `${value.slice(0, 6)}…(${value.length} characters)`;
}
