'use client';

/** Unexpected faults: the detail stays in the server log; the user gets a way forward. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4" role="alert">
      <h1 className="text-3xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="text-slate-700">The portal hit an unexpected problem. It has been logged; please try again.</p>
      <button type="button" onClick={reset} className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100">
        Try again
      </button>
    </div>
  );
}
