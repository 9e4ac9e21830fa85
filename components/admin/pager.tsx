import Link from 'next/link';

type PagerProps = { page: number; pageCount: number; hrefFor: (page: number) => string; label: string };

/** Previous / next links and where the reader is, for an offset-paged list. */
export function Pager({ page, pageCount, hrefFor, label }: PagerProps) {
  return (
    <nav aria-label={label} className="flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(Math.min(page - 1, pageCount))} className="text-brand-700 underline" rel="prev">
          Previous
        </Link>
      ) : null}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className="text-brand-700 underline" rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}
