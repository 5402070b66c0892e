import { LoadingPage, Skeleton } from "@/components/ui/skeleton";

export default function BulkInviteLoading() {
  return (
    <LoadingPage label="Loading your classes…" className="space-y-6">
      <Skeleton className="h-16 w-2/3" />
      <Skeleton className="h-80" />
    </LoadingPage>
  );
}
