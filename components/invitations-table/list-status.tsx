"use client";

import { Button } from "@/components/ui/button";
import { countText, numberFormat } from "@/lib/format/count";
import type { InvitationsSnapshot, PublicErrorInfo } from "@/lib/view/invitations";

/** The count ("so far" until every class is listed), and the loading progress beside it. */
export function CountLine({
  view,
  shown,
  total,
  filtered,
  listed,
  loading,
}: {
  view: InvitationsSnapshot | undefined;
  shown: number;
  total: number;
  filtered: boolean;
  listed: boolean;
  loading: boolean;
}) {
  return (
    <div className="flex min-h-9 flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-700">
        <span
          data-testid="invitation-count"
          data-final={listed ? "true" : "false"}
          className="font-semibold text-slate-900"
        >
          {view ? countText(shown) : "Loading invitations…"}
        </span>
        {view && filtered ? <span className="text-slate-500"> match, of {numberFormat.format(total)}</span> : null}
        {view && !listed ? <span className="text-slate-500"> so far</span> : null}
      </p>
      <div role="status" aria-live="polite" className="flex items-center gap-3 text-sm text-slate-600">
        {loading && view?.coursesTotal != null ? (
          <>
            <progress
              max={Math.max(1, view.coursesTotal)}
              value={view.coursesLoaded}
              aria-label="Courses loaded"
              className="h-2 w-40 overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
            />
            <span>
              Loading {numberFormat.format(view.coursesLoaded)} of {numberFormat.format(view.coursesTotal)} courses
            </span>
          </>
        ) : loading ? (
          <span>Loading your classes…</span>
        ) : listed && view && !view.complete ? (
          <span>Looking up names…</span>
        ) : listed && view ? (
          <span className="sr-only">
            Loaded {countText(total)} from {numberFormat.format(view.coursesTotal ?? 0)} courses.
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** A list that failed, or classes Classroom would not list, with a way to try again. */
export function LoadProblems({
  view,
  fatal,
  onRetry,
  onRetryCourses,
}: {
  view: InvitationsSnapshot | undefined;
  fatal: PublicErrorInfo | null;
  onRetry: () => void;
  onRetryCourses: (courseIds: string[]) => void;
}) {
  return (
    <>
      {fatal ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200"
        >
          <p>
            <strong className="font-semibold">The invitations could not all be loaded.</strong> {fatal.message}
          </p>
          <Button variant="secondary" size="sm" onClick={onRetry}>
            Try again
          </Button>
        </div>
      ) : null}
      {view && view.failures.length > 0 ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          <div>
            <p className="font-semibold">
              {countText(view.failures.length, "class")} could not be read, so the count leaves them out.
            </p>
            <p className="mt-1">
              {view.failures
                .slice(0, 3)
                .map((f) => `${view.courses[f.courseId]?.name ?? f.courseId}: ${f.message}`)
                .join(" · ")}
            </p>
          </div>
          <Button variant="secondary" size="sm" onClick={() => onRetryCourses(view.failures.map((f) => f.courseId))}>
            Retry these classes
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** The bar above the table while rows are selected. */
export function SelectionBar({
  count,
  onClear,
  onRevoke,
  onResend,
  onChangeRole,
}: {
  count: number;
  onClear: () => void;
  onRevoke: () => void;
  onResend: () => void;
  onChangeRole: () => void;
}) {
  if (count === 0) return null;
  return (
    <div className="sticky top-2 z-20 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg">
      <span>{numberFormat.format(count)} selected</span>
      <div className="flex gap-2">
        <Button variant="ghost" size="sm" className="text-white hover:bg-slate-800" onClick={onClear}>
          Clear selection
        </Button>
        <Button variant="secondary" size="sm" aria-haspopup="dialog" onClick={onChangeRole}>
          Change role…
        </Button>
        <Button variant="secondary" size="sm" onClick={onResend}>
          Resend selected
        </Button>
        <Button variant="danger" size="sm" onClick={onRevoke}>
          Revoke selected
        </Button>
      </div>
    </div>
  );
}
