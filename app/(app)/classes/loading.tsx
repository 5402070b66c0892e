import { LoadingPage, Skeleton } from "@/components/ui/skeleton";

export default function ClassesLoading() {
  return (
    <LoadingPage label="Loading the classes…" className="space-y-5">
      <Skeleton className="h-16" />
      <Skeleton className="h-20" />
      <Skeleton className="h-96" />
    </LoadingPage>
  );
}
