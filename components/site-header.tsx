import Link from 'next/link';
import { getCurrentAdmin } from '@/lib/auth/get-current-admin';
import { getCurrentUser } from '@/lib/auth/get-current-user';
import { SignOutButton } from './sign-out-button';
import { MainNav } from './main-nav';

/** The portal's header: product name, navigation and the signed-in identity. */
export async function SiteHeader() {
  const user = await getCurrentUser();
  const admin = user ? null : await getCurrentAdmin();
  const identity = user
    ? { name: user.name ?? user.email, detail: user.organisation.name }
    : admin
      ? { name: admin.name ?? admin.email, detail: 'Bank admin' }
      : null;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-8 gap-y-3 px-4 py-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-brand-900">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">
            Ob
          </span>
          Onboard
        </Link>
        <MainNav />
        <div className="ml-auto flex items-center gap-4 text-sm">
          {identity ? (
            <>
              <div className="text-right leading-tight" data-testid="signed-in-identity">
                <div className="font-medium">{identity.name}</div>
                <div className="text-slate-500">{identity.detail}</div>
              </div>
              <SignOutButton />
            </>
          ) : (
            <Link href="/signin" className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
