import { Skeleton } from "@/components/ui/skeleton";

export default function ActivityLoading() {
  return (
    <div aria-busy="true" className="space-y-5">
      <h1 className="text-2xl font-semibold">Activity</h1>
      <p role="status" className="text-sm text-slate-600">
        Loading activity…
      </p>
      <Skeleton className="h-20" />
      <div className="space-y-2 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
