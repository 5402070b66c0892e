export default function BulkInviteLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading your classes…</span>
      <div className="h-16 w-2/3 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="h-80 animate-pulse rounded-2xl bg-slate-200/70" />
    </div>
  );
}
