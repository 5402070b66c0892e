import Link from "next/link";

import { Button } from "@/components/ui/button";

export function EmptyState({
  filtered,
  onClear,
  working = false,
}: {
  filtered: boolean;
  onClear: () => void;
  /** Revokes or resends started here are still running: nothing may be claimed about the rest. */
  working?: boolean;
}) {
  return (
    <div className="rounded-2xl border border-dashed border-slate-300 bg-white p-10 text-center">
      {filtered ? (
        <>
          <p className="font-medium text-slate-800">No invitations match these filters.</p>
          <p className="mt-1 text-sm text-slate-600">
            Try a shorter search, or clear the filters to see every invitation.
          </p>
          <Button variant="secondary" size="sm" className="mt-4" onClick={onClear}>
            Clear filters
          </Button>
        </>
      ) : working ? (
        <p className="font-medium text-slate-800">
          No pending invitations are left to show while the job above runs; its progress is above.
        </p>
      ) : (
        <>
          <p className="font-medium text-slate-800">No pending invitations.</p>
          <p className="mt-1 text-sm text-slate-600">
            Everyone you invited has accepted, or nobody has been invited yet. Invite people from a class page.
          </p>
          <p className="mt-2 text-sm">
            <Link href="/help" className="font-medium text-brand-700 underline">
              How invitations work in Classroom
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
