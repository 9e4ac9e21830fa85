import type { ReactNode } from 'react';

/** A page's title block: heading, optional lead paragraph and actions. */
export function PageHeader({ title, lead, actions }: { title: string; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {lead ? <p className="mt-2 text-slate-600">{lead}</p> : null}
      </div>
      {actions}
    </div>
  );
}
