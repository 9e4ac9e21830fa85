'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const NAV_ITEMS = [
  { href: '/applications', label: 'My applications' },
  { href: '/register', label: 'Register' },
  { href: '/sandbox', label: 'Sandbox' },
  { href: '/api-docs', label: 'API' },
  { href: '/admin', label: 'Admin' },
] as const;

/** Primary navigation; marks the current section for assistive technology. */
export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-1 text-sm">
        {NAV_ITEMS.map((item) => {
          const isCurrent = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={isCurrent ? 'page' : undefined}
                className={`rounded-md px-3 py-2 font-medium ${isCurrent ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
