import type { ServerResponse } from 'node:http';

import type { ApiError } from './api-error';

/** A complete HTTP answer of a sandbox route; OCSP responses and CRLs are binary. */
export type Answer = { status: number; contentType: string; body: string | Uint8Array };

/** A JSON answer. */
export function jsonAnswer(status: number, value: unknown): Answer {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

/** The JSON answer of an API error: `{error, error_description}` with its status. */
export function errorAnswer({ status, error, error_description }: ApiError): Answer {
  return jsonAnswer(status, { error, error_description });
}

/** Writes an answer; `no-store` because answers carry keys and freshly signed statements. */
export function sendAnswer(res: ServerResponse, answer: Answer, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  });
  res.end(answer.body);
}
