import { exceedsNestingDepth } from '@/lib/validation/exceeds-nesting-depth';

/** How deep a form's arguments may nest: the portal's deepest form state (Register's report) is a few levels. */
export const SERVER_ACTION_MAX_NESTING = 32;

// The values React encodes for what the portal's forms send as their arguments: the bound ids, the previous form state
// (plain JSON, `undefined` and dates in it) and the form data (`$K`, whose entries are fields of their own). Anything
// else (a reference to another part, a Map, a promise, a blob, a stream, a server function, a BigInt) no form of the
// portal sends, and a reference to a part that is not there is what left Next.js waiting until it answered 500.
const FORM_VALUE = /^\$(?:\$[\s\S]*|undefined|Infinity|-Infinity|NaN|-0|T|D[\s\S]*|K[0-9a-f]{1,8})$/;

const PLAIN_TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

/**
 * A 400 for a server action (a fetch action: a POST with a Next-Action header, its origin and size already checked
 * by `refuseServerAction`) whose body is not a form of the portal: not multipart form data or text a browser would send, no arguments
 * (part "0", or the whole text body) or arguments that are not a JSON list, nested deeper than any form's state, or
 * holding an encoded value the portal's forms never send; null for any other request. Next.js 16 decodes the body
 * before the action runs and answers any failure of it with a 500 (vercel/next.js#86945), so this refuses, before
 * Next.js reads it, what it could not decode. It reads a copy of the body; nothing is decoded for the action here.
 */
export async function refuseMalformedServerAction(request: Request): Promise<Response | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const problem = await findProblem(request.clone());
  return problem ? new Response(`the form could not be read (${problem}); reload the page and send it again\n`, { status: 400, headers: PLAIN_TEXT }) : null;
}

async function findProblem(request: Request): Promise<string | null> {
  const isMultipart = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
  let text: string;
  if (isMultipart) {
    const form = await request.formData().catch(() => null);
    if (!form) return 'the body is not multipart form data';
    const root = form.get('0');
    if (typeof root !== 'string') return 'it holds no arguments';
    text = root;
  } else {
    text = await request.text();
  }
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return 'its arguments are not JSON';
  }
  if (!Array.isArray(args)) return 'its arguments are not a list';
  if (exceedsNestingDepth(args, SERVER_ACTION_MAX_NESTING)) return `its arguments nest deeper than ${SERVER_ACTION_MAX_NESTING} levels`;
  // Form data is only possible in a multipart body: its entries are parts of that body.
  const unexpected = findEncodedValue(args, (value) => !FORM_VALUE.test(value) || (!isMultipart && value.startsWith('$K')));
  return unexpected === null ? null : `it holds a value no form of the portal sends: ${JSON.stringify(unexpected.slice(0, 40))}`;
}

/** The first string (never a key: React reads keys as they are) that starts with "$" and fails `isUnexpected`. */
function findEncodedValue(value: unknown, isUnexpected: (encoded: string) => boolean): string | null {
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') {
      if (next.startsWith('$') && isUnexpected(next)) return next;
    } else if (typeof next === 'object' && next !== null) {
      pending.push(...Object.values(next));
    }
  }
  return null;
}
