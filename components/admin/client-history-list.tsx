import type { ClientHistoryEntry } from '@/lib/admin/list-client-history';
import { formatDateTime } from './format-date-time';

const ACTOR_LABELS: Record<string, string> = { tpp_user: 'TPP user', admin: 'Bank admin', client: 'the client (DCR)', system: 'System', anonymous: 'Anonymous' };

/** A client's history from the audit trail, oldest first, with each admin decision's reason. */
export function ClientHistoryList({ entries }: { entries: ClientHistoryEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">The audit trail has no events for this client.</p>;
  return (
    <ol className="space-y-3 text-sm" data-testid="client-history">
      {entries.map((entry) => (
        <li key={entry.id} className="border-l-2 border-slate-200 pl-3">
          <p>
            <code className="font-medium">{entry.action}</code> · <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at)}</time> ·{' '}
            {ACTOR_LABELS[entry.actorType] ?? entry.actorType}
            {entry.actorType === 'admin' ? ` ${entry.actorName ?? entry.actorId ?? ''}` : null}
          </p>
          {entry.reason ? <p className="mt-1 text-slate-700">Reason: {entry.reason}</p> : null}
          {typeof entry.details.tokensRevoked === 'number' && entry.details.tokensRevoked > 0 ? (
            <p className="text-slate-600">{entry.details.tokensRevoked} access token(s) revoked</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
