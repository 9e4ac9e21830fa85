import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
// The multipart parser Next.js reads a fetch action's body with: this must see the parts exactly as Next.js will.
import busboy from 'next/dist/compiled/busboy';
import { exceedsNestingDepth } from '@/lib/validation/exceeds-nesting-depth';

/** How deep a form's arguments may nest: the portal's deepest form state (Register's report) is a few levels. */
export const SERVER_ACTION_MAX_NESTING = 32;

/**
 * How many arguments a server action may be sent: the portal's take at most three (a bound id, the previous state, the
 * form data). Next.js passes them on with `apply`, which overflows the stack on a body of some 130 000 of them.
 */
export const SERVER_ACTION_MAX_ARGUMENTS = 8;

// The values React encodes for what the portal's forms send as their arguments: the bound ids, the previous form
// state (plain JSON, `undefined` and dates in it) and the form data (`$K`, whose entries are fields of their own).
// Anything else (a reference to another part, a Map, a promise, a blob, a stream, a server function, a BigInt, a
// temporary reference to a value the browser could not send, which fails as soon as an action reads it) no form of
// the portal sends, and a reference to a part that is not there is what left Next.js waiting until it answered 500.
const FORM_VALUE = /^\$(?:\$[\s\S]*|undefined|Infinity|-Infinity|NaN|-0|D[\s\S]*|K[0-9a-f]{1,8})$/;

// A form sent without script names its action in a part `$ACTION_REF_<n>`, described by `$ACTION_<n>:0`: the
// action's id and, as a promise React encodes as `$@<hex>`, the part that holds its bound arguments.
const ACTION_REF = '$ACTION_REF_';
const BOUND_PROMISE = /^\$@(?<part>[0-9a-f]{1,8})$/;

const PLAIN_TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

/**
 * A 400 for a server action (its origin and size already checked by `refuseServerAction`) whose body is not a form of
 * the portal; null for any other request. Next.js 16 decodes the body before the action runs and answers any failure
 * of it with a 500 (vercel/next.js#86945), so this refuses, before Next.js reads it, what it could not decode. A fetch
 * action (a Next-Action header) must hold its arguments once (part "0", or the whole text body) as a JSON list of at
 * most a few arguments, nested no deeper than any form's state, holding no encoded value the portal's forms never
 * send. A form sent without script (a multipart POST) must parse, and each action it names must be described as React
 * describes one, its bound arguments held as a fetch action's are. It reads a copy of the body; nothing is decoded for
 * the action here.
 */
export async function refuseMalformedServerAction(request: Request): Promise<Response | null> {
  if (request.method !== 'POST') return null;
  const isMultipart = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
  let problem: string | null;
  if (request.headers.has('next-action')) {
    problem = isMultipart ? await findMultipartProblem(request.clone()) : findArgumentsProblem(await request.clone().text(), { formData: false });
  } else if (isMultipart) {
    problem = await findScriptlessFormProblem(request.clone());
  } else {
    return null;
  }
  return problem ? new Response(`the form could not be read (${problem}); reload the page and send it again\n`, { status: 400, headers: PLAIN_TEXT }) : null;
}

type Part = { name: string | undefined; text: string | null; base64: boolean };

/** The parts of a multipart body as busboy reads them (a file's content is not kept), or null if it does not parse. */
async function readParts(request: Request): Promise<Part[] | null> {
  const parts: Part[] = [];
  try {
    const parser = busboy({ headers: { 'content-type': request.headers.get('content-type') ?? '' }, defParamCharset: 'utf8' });
    parser.on('field', (name, text) => parts.push({ name, text, base64: false }));
    parser.on('file', (name, file, { encoding }) => {
      parts.push({ name, text: null, base64: encoding.toLowerCase() === 'base64' });
      file.resume();
    });
    await pipeline(request.body ? Readable.fromWeb(request.body as NodeReadableStream) : Readable.from([]), parser);
  } catch {
    return null;
  }
  return parts;
}

// React resolves its root (chunk 0) with the first field whose name reads as the number 0 (`+name`, after an "S" for
// a stream's part: "0", "00", " 0", "S0"…), and fails on every later one.
const isRootName = (name: string) => (name.startsWith('S') ? name.length > 1 && Number(name.slice(1)) === 0 : Number(name) === 0);

async function findMultipartProblem(request: Request): Promise<string | null> {
  const parts = await readParts(request);
  if (!parts) return 'the body is not multipart form data';
  if (parts.some((part) => typeof part.name !== 'string')) return 'a part of it has no name';
  if (parts.some((part) => part.base64)) return 'it holds a file encoded as base64';
  const [root, ...again] = parts.flatMap(({ name, text }) => (text !== null && isRootName(name as string) ? [text] : []));
  if (root === undefined) return 'it holds no arguments';
  if (again.length > 0) return 'it holds its arguments more than once';
  return findArgumentsProblem(root, { formData: true });
}

/** What makes `text` no arguments a form of the portal sends; `formData` if the body has parts for form data. */
function findArgumentsProblem(text: string, { formData }: { formData: boolean }): string | null {
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return 'its arguments are not JSON';
  }
  if (!Array.isArray(args)) return 'its arguments are not a list';
  if (args.length > SERVER_ACTION_MAX_ARGUMENTS) return `it holds more than ${SERVER_ACTION_MAX_ARGUMENTS} arguments`;
  if (exceedsNestingDepth(args, SERVER_ACTION_MAX_NESTING)) return `its arguments nest deeper than ${SERVER_ACTION_MAX_NESTING} levels`;
  const unexpected = findEncodedValue(args, (value) => !FORM_VALUE.test(value) || (!formData && value.startsWith('$K')));
  return unexpected === null ? null : `it holds a value no form of the portal sends: ${JSON.stringify(unexpected.slice(0, 40))}`;
}

/** A form sent without script: Next.js parses it with the platform's FormData and React decodes each action it names. */
async function findScriptlessFormProblem(request: Request): Promise<string | null> {
  const form = await request.formData().catch(() => null);
  if (!form) return 'the body is not multipart form data';
  for (const key of new Set(form.keys())) {
    if (!key.startsWith(ACTION_REF)) continue;
    const prefix = `$ACTION_${key.slice(ACTION_REF.length)}:`;
    const described = form.getAll(`${prefix}0`);
    if (described.length !== 1 || typeof described[0] !== 'string') return 'its action is not described once';
    let descriptor: unknown;
    try {
      descriptor = JSON.parse(described[0]);
    } catch {
      return 'its action is not described in JSON';
    }
    const { id, bound, ...rest } = (typeof descriptor === 'object' && descriptor !== null ? descriptor : {}) as Record<string, unknown>;
    if (typeof id !== 'string' || id.startsWith('$') || Object.keys(rest).length > 0) return 'its action is not described as React describes one';
    if (bound === null) continue;
    const part = typeof bound === 'string' ? BOUND_PROMISE.exec(bound)?.groups?.part : undefined;
    if (part === undefined) return 'its action’s bound arguments are not described as React describes them';
    // React reads the part as its backing form data holds it: the last of that name.
    const args = form.getAll(`${prefix}${Number.parseInt(part, 16)}`).at(-1);
    if (typeof args !== 'string') return 'its action’s bound arguments are not there';
    const problem = findArgumentsProblem(args, { formData: false });
    if (problem) return problem;
  }
  return null;
}

/** The first string (never a key: React reads keys as they are) that starts with "$" and fails `isUnexpected`. */
function findEncodedValue(value: unknown, isUnexpected: (encoded: string) => boolean): string | null {
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') {
      if (next.startsWith('$') && isUnexpected(next)) return next;
    } else if (typeof next === 'object' && next !== null) {
      // One at a time: spreading a list of some 130 000 values into push overflows the stack.
      for (const child of Object.values(next)) pending.push(child);
    }
  }
  return null;
}
