import type { ReportEntry, ValidationReport } from '@/lib/validation/report';

const OUTCOME_STYLES: Record<ReportEntry['outcome'], { label: string; icon: string; className: string }> = {
  pass: { label: 'Passed', icon: '✓', className: 'bg-emerald-100 text-emerald-800' },
  fail: { label: 'Failed', icon: '✕', className: 'bg-red-100 text-red-800' },
  not_run: { label: 'Not run', icon: '–', className: 'bg-slate-100 text-slate-500' },
};

/** The validation report: every check in order, failures with their description, code and hint. */
export function ValidationReportView({ report, caption }: { report: ValidationReport; caption?: string }) {
  const failures = report.entries.filter((entry) => entry.outcome === 'fail').length;
  return (
    <section aria-labelledby="validation-report-heading" data-testid="validation-report">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="validation-report-heading" className="text-lg font-semibold">
          {caption ?? 'Validation report'}
        </h2>
        <p className={`text-sm font-medium ${report.ok ? 'text-emerald-700' : 'text-red-700'}`} data-testid="validation-summary">
          {report.ok ? `All ${report.entries.length} checks passed` : `${failures} of ${report.entries.length} checks failed`}
        </p>
      </div>
      <ol className="mt-3 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {report.entries.map((entry) => {
          const style = OUTCOME_STYLES[entry.outcome];
          return (
            <li key={entry.id} className="flex gap-3 px-4 py-3" data-check-id={entry.id} data-outcome={entry.outcome}>
              <span aria-hidden className={`mt-0.5 grid size-6 shrink-0 place-items-center rounded-full text-xs font-bold ${style.className}`}>
                {style.icon}
              </span>
              <div className="min-w-0 flex-1 text-sm">
                <p className={entry.outcome === 'not_run' ? 'text-slate-500' : 'text-slate-900'}>
                  <span className="sr-only">{style.label}: </span>
                  {entry.title}
                  {entry.claim ? <code className="ml-2 rounded bg-slate-100 px-1 text-xs text-slate-600">{entry.claim}</code> : null}
                </p>
                {entry.outcome === 'fail' ? (
                  <div className="mt-1 space-y-1">
                    <p className="text-red-800">
                      {entry.description} <code className="text-xs text-red-600">{entry.code}</code>
                    </p>
                    <p className="text-slate-600">How to fix it: {entry.hint}</p>
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
