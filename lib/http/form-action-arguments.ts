import { notFound } from 'next/navigation';
import { isStorableText } from '@/lib/db/is-storable-text';

/** The longest id a form of the portal binds to its action (a client id is a UUID; a revocation id a cuid). */
const BOUND_TEXT_MAX = 200;

// A server action is an endpoint anyone can call with whatever arguments React can encode, its signature
// notwithstanding: the ids a form binds to it travel in the request, in clear. These read an argument as the portal's
// forms send it, and answer anything else as a page not found (404, the one 4xx Next.js lets an action answer), where
// it would otherwise fail deeper down as a 500.

/** A bound id: text a database column can hold. */
export function boundText(value: unknown): string {
  if (typeof value !== 'string' || value.length > BOUND_TEXT_MAX || !isStorableText(value)) notFound();
  return value;
}

/** A bound choice: one of `choices`. */
export function boundChoice<const Choice extends string>(value: unknown, choices: readonly Choice[]): Choice {
  if (!choices.includes(value as Choice)) notFound();
  return value as Choice;
}

/** The form's data, which React passes to a form's action last. */
export function submittedForm(value: unknown): FormData {
  if (!(value instanceof FormData)) notFound();
  return value;
}
