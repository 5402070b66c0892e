/** A placeholder block while a page loads; `className` gives its size (and any grid placement). */
export function Skeleton({ className }: { className: string }) {
  return <div className={`${className} animate-pulse rounded-2xl bg-slate-200/70`} />;
}

/** A route's loading state: busy for assistive technology, with a sentence saying what is coming. */
export function LoadingPage({
  label,
  className,
  children,
}: {
  label: string;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <div aria-busy="true" aria-live="polite" className={className}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
