"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

import { Button } from "@/components/ui/button";
import { isKnownCourseState } from "@/lib/view/course-state";
import type { InvitationFilters } from "@/lib/view/invitation-search";

import type { FilterOption } from "./filters";

type Checkable = "course" | "role" | "state" | "owner";

const WHAT: Record<Checkable, string> = {
  course: "a class you can see",
  role: "a role",
  state: "a course state",
  owner: "the owner of a class you can see",
};

/**
 * Filters from a link that can match nothing here (another teacher's class, `role=bogus`):
 * left in place they would filter the list to zero while the drop-downs read "All". They are
 * dropped from the URL (replace: the link itself was the deliberate step), and the notice says
 * which. Classes, states and owners are judged once every class is listed; roles at once.
 */
export function useUnknownFilters({
  filters,
  listed,
  courseOptions,
  ownerOptions,
  setFilters,
}: {
  filters: InvitationFilters;
  /** Every class is listed, so a missing one really is missing. */
  listed: boolean;
  courseOptions: readonly FilterOption[];
  ownerOptions: readonly FilterOption[];
  setFilters: (patch: Partial<InvitationFilters>, how: "replace") => void;
}) {
  const params = useSearchParams();
  const rawRole = params.get("role");
  const unknown: [Checkable, string][] = [];
  // The URL parser already ignores a role it doesn't know; the link still named one.
  if (rawRole && !filters.role) unknown.push(["role", rawRole]);
  if (filters.state && !isKnownCourseState(filters.state)) unknown.push(["state", filters.state]);
  if (listed && filters.course && !courseOptions.some((o) => o.value === filters.course))
    unknown.push(["course", filters.course]);
  if (listed && filters.owner && !ownerOptions.some((o) => o.value === filters.owner))
    unknown.push(["owner", filters.owner]);
  const key = JSON.stringify(unknown);

  // Recorded while rendering (once per distinct finding), so the notice outlives the URL fix.
  const [dropped, setDropped] = useState<string[]>([]);
  const [seen, setSeen] = useState("[]");
  if (key !== seen) {
    setSeen(key);
    if (unknown.length) setDropped((prev) => [...prev, ...unknown.map(([k, v]) => `“${v}” is not ${WHAT[k]}`)]);
  }
  useEffect(() => {
    const keys = (JSON.parse(key) as [Checkable, string][]).map(([k]) => k);
    if (keys.length) setFilters(Object.fromEntries(keys.map((k) => [k, ""])), "replace");
  }, [key, setFilters]);
  return { dropped, dismiss: () => setDropped([]) };
}

/** What was dropped from the link, until dismissed. */
export function DroppedFiltersNotice({ dropped, onDismiss }: { dropped: string[]; onDismiss: () => void }) {
  return (
    <div role="status" aria-live="polite">
      {dropped.length > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          <p>
            <strong className="font-semibold">
              {dropped.length === 1 ? "A filter in the link was removed" : "Some filters in the link were removed"}:
            </strong>{" "}
            {dropped.join("; ")}.
          </p>
          <Button variant="secondary" size="sm" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      ) : null}
    </div>
  );
}
