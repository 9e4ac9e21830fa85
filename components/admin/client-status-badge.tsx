import type { ClientStatus } from '@/lib/generated/prisma/enums';

const STYLES: Record<ClientStatus, string> = {
  pending: 'bg-amber-100 text-amber-900',
  active: 'bg-emerald-100 text-emerald-800',
  suspended: 'bg-orange-100 text-orange-900',
  revoked: 'bg-red-100 text-red-800',
  rejected: 'bg-slate-200 text-slate-800',
};

/** A client's status as a small coloured label (the text carries the meaning; colour only helps). */
export function ClientStatusBadge({ status, isDeleted = false }: { status: ClientStatus; isDeleted?: boolean }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status]}`} data-status={status}>
        {status}
      </span>
      {isDeleted ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">deleted</span> : null}
    </span>
  );
}
