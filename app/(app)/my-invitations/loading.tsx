import { Skeleton } from "@/components/ui/skeleton";

export default function MyInvitationsLoading() {
  return (
    <div aria-busy="true" className="space-y-8">
      <p role="status" className="sr-only">
        Loading your invitations…
      </p>
      <div className="space-y-2">
        <div className="h-7 w-56 animate-pulse rounded bg-slate-200/80" />
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-slate-200/60" />
      </div>
      <ul className="space-y-3" aria-hidden>
        {Array.from({ length: 3 }, (_, i) => (
          <li
            key={i}
            className="flex flex-wrap items-center gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
          >
            <div className="min-w-0 flex-1 space-y-2">
              <div className="h-5 w-48 animate-pulse rounded bg-slate-200/80" />
              <div className="h-4 w-72 max-w-full animate-pulse rounded bg-slate-200/60" />
            </div>
            <div className="h-10 w-24 animate-pulse rounded-lg bg-slate-200/80" />
            <div className="h-10 w-24 animate-pulse rounded-lg bg-slate-200/60" />
          </li>
        ))}
      </ul>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-hidden>
        {Array.from({ length: 3 }, (_, i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
    </div>
  );
}
