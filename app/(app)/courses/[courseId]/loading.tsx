import { LoadingPage, Skeleton } from "@/components/ui/skeleton";

export default function CourseLoading() {
  return (
    <LoadingPage label="Loading the class…" className="space-y-8">
      <Skeleton className="h-28" />
      <Skeleton className="h-40" />
      <Skeleton className="h-56" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-64" />
        <Skeleton className="h-64" />
      </div>
    </LoadingPage>
  );
}
