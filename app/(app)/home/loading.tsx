import { LoadingPage, Skeleton } from "@/components/ui/skeleton";

export default function HomeLoading() {
  return (
    <LoadingPage label="Loading your classes…" className="space-y-6">
      <Skeleton className="h-28" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
    </LoadingPage>
  );
}
