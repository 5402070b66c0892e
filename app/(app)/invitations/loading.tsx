import { Skeleton } from "@/components/ui/skeleton";

export default function InvitationsLoading() {
  return (
    <div aria-busy="true" className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Invitations</h1>
        <p role="status" className="mt-1 text-sm text-slate-600">
          Loading your classes…
        </p>
      </div>
      <Skeleton className="h-20" />
      <div className="space-y-2 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-10 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
