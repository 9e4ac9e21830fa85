import type { ReactNode } from 'react';

/** A value to type exactly as shown: a claim, a URL, a code. */
export function InlineCode({ children }: { children: ReactNode }) {
  return <code className="break-words rounded bg-slate-100 px-1 font-mono text-[0.85em] text-slate-800">{children}</code>;
}
