import { request, type AgentOptions } from 'node:https';

import { buildRegistrationClaims } from './build-registration-claims';
import type { BenchSoftware } from './create-bench-software';
import { signJwts } from './sign-jwts';

/** Registers one client over DCR with mutual TLS (claim overrides pick e.g. its auth method) and answers its `client_id`. */
export async function registerBenchClient(
  software: BenchSoftware,
  options: { mtlsUrl: string; audience: string; tls: AgentOptions; overrides: Record<string, unknown> },
): Promise<string> {
  const [jwt = ''] = await signJwts(software.signing.private_key_pem, software.signing.kid, 1, () =>
    buildRegistrationClaims(software, options.audience, options.overrides),
  );
  const url = new URL('/register', options.mtlsUrl);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const outgoing = request(url, { ...options.tls, method: 'POST', headers: { 'content-type': 'application/jwt' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(jwt);
  });
  if (status !== 201) throw new Error(`registering the benchmark client failed: ${status} ${text.slice(0, 300)}`);
  return String((JSON.parse(text) as { client_id: string }).client_id);
}
