import type { AuditEventRow } from '@/lib/audit/list-audit-events';

const ACTOR_LABELS: Record<string, string> = { tpp_user: 'TPP user', admin: 'Bank admin', client: 'Client', system: 'System', anonymous: 'Anonymous' };

/** One page of audit events, newest first. */
export function AuditEventsTable({ events }: { events: AuditEventRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="audit-events">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">#</th>
            <th scope="col" className="px-4 py-3 font-medium">Time (UTC)</th>
            <th scope="col" className="px-4 py-3 font-medium">Actor</th>
            <th scope="col" className="px-4 py-3 font-medium">Action</th>
            <th scope="col" className="px-4 py-3 font-medium">Target</th>
            <th scope="col" className="px-4 py-3 font-medium">Details</th>
            <th scope="col" className="px-4 py-3 font-medium">Request</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {events.map((event) => (
            <tr key={event.id.toString()}>
              <td className="px-4 py-3 font-mono text-xs text-slate-500">{event.id.toString()}</td>
              <td className="whitespace-nowrap px-4 py-3">
                <time dateTime={event.at.toISOString()}>{event.at.toISOString().replace('T', ' ').slice(0, 23)}</time>
              </td>
              <td className="px-4 py-3">
                {ACTOR_LABELS[event.actorType] ?? event.actorType}
                {event.actorId ? <span className="block break-all font-mono text-xs text-slate-500">{event.actorId}</span> : null}
              </td>
              <td className="px-4 py-3 font-mono text-xs">{event.action}</td>
              <td className="px-4 py-3">
                {event.organisationName ?? (event.organisationId ? <span className="font-mono text-xs">{event.organisationId}</span> : null)}
                {event.clientId ? <span className="block break-all font-mono text-xs text-slate-500">{event.clientId}</span> : null}
              </td>
              <td className="max-w-md px-4 py-3">
                <code className="block break-all text-xs text-slate-700">{JSON.stringify(event.details)}</code>
              </td>
              <td className="px-4 py-3 font-mono text-xs text-slate-500">{event.requestId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
