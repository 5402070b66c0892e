export default function ClassesLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-5">
      <span className="sr-only">Loading the classes…</span>
      <div className="h-16 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="h-20 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="h-96 animate-pulse rounded-2xl bg-slate-200/70" />
    </div>
  );
}
