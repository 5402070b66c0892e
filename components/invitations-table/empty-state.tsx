import { Button } from "@/components/ui/button";

export function EmptyState({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
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
      ) : (
        <>
          <p className="font-medium text-slate-800">No pending invitations.</p>
          <p className="mt-1 text-sm text-slate-600">
            Everyone you invited has accepted, or nobody has been invited yet. Invite people from a class page.
          </p>
        </>
      )}
    </div>
  );
}
