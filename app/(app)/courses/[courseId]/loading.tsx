export default function CourseLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-8">
      <span className="sr-only">Loading the class…</span>
      <div className="h-28 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="h-40 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="h-56 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="h-64 animate-pulse rounded-2xl bg-slate-200/70" />
        <div className="h-64 animate-pulse rounded-2xl bg-slate-200/70" />
      </div>
    </div>
  );
}
