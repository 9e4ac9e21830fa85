import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-3xl font-semibold tracking-tight">Not found</h1>
      <p className="text-slate-700">There is nothing here, or it belongs to another organisation.</p>
      <Link href="/applications" className="font-medium text-brand-700 underline">Back to My applications</Link>
    </div>
  );
}
