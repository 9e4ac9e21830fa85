import { request as httpsRequest } from 'node:https';

/** An HTTP answer from the mTLS endpoints: `body` parsed as JSON, or the text itself where it is not JSON. */
export type ApiResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown; text: string };

/** Where a request goes: the origin, and the CA (PEM) its server certificate must chain to. */
export type HttpsTarget = { origin: string; ca: string | Buffer };

/** One HTTPS request to `target`, trusting only its CA, presenting a client certificate when `credentials` are given. */
export function sendHttpsRequest(
  target: HttpsTarget,
  method: string,
  pathname: string,
  body: string | null,
  headers: Record<string, string>,
  credentials: { cert: string; key: string } | null,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(pathname, target.origin),
      {
        method,
        headers: { ...headers, ...(body !== null ? { 'content-length': Buffer.byteLength(body).toString() } : {}) },
        ca: target.ca,
        ...(credentials ?? {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON: kept as text, and the test's comparison says so.
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed, text });
        });
      },
    );
    request.on('error', reject);
    if (body !== null) request.write(body);
    request.end();
  });
}
