import { useId } from 'react';

/** A labelled, horizontally scrollable code listing; `language` and `file` are exposed for tools and tests. */
export function CodeBlock({ label, language, file, code }: { label: string; language: string; file?: string | null; code: string }) {
  const labelId = useId();
  return (
    <figure className="mt-3" data-testid="code-block" data-language={language} data-file={file ?? undefined}>
      <figcaption id={labelId} className="mb-1 text-xs font-medium text-slate-500">
        {label}
      </figcaption>
      {/* tabIndex: keyboard users must be able to scroll a listing wider than the page. */}
      <pre aria-labelledby={labelId} tabIndex={0} className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
        <code className={`language-${language}`}>{code}</code>
      </pre>
    </figure>
  );
}
