import Link from 'next/link';

const SECTIONS = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/review', label: 'Review queue' },
  { href: '/admin/clients', label: 'All clients' },
  { href: '/admin/policy', label: 'Policy' },
  { href: '/admin/audit', label: 'Audit trail' },
] as const;

/** The admin console's section links; marks the current one for assistive technology. */
export function AdminSectionNav({ current }: { current: (typeof SECTIONS)[number]['href'] }) {
  return (
    <nav aria-label="Admin console" className="mb-6">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200 text-sm">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link
              href={section.href}
              aria-current={section.href === current ? 'page' : undefined}
              className={`-mb-px inline-block border-b-2 px-3 py-2 font-medium ${
                section.href === current ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'
              }`}
            >
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
