/**
 * An API host answer as the host writes it to Node's response: status, headers (lower-case names) and a UTF-8 body,
 * or none. A plain value, not a web `Response`: building and reading back a `Response` cost more than the rest of
 * an answer that refuses at once (issue 10's empty-route floor).
 */
export type ApiAnswer = { status: number; headers: Readonly<Record<string, string>>; body: string | null };

/** A JSON answer (`application/json`). */
export function jsonAnswer(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): ApiAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The answer with one more header (a later value of the same name wins). */
export function withAnswerHeader(answer: ApiAnswer, name: string, value: string): ApiAnswer {
  return { ...answer, headers: { ...answer.headers, [name]: value } };
}

/** The answer as a web `Response`, for a Next.js route handler and for tests that read answers as fetch does. */
export function toWebResponse(answer: ApiAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
