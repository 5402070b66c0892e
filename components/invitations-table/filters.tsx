"use client";

import { memo, useMemo } from "react";

import { Button } from "@/components/ui/button";
import { FilterSearch, FilterSelect, type Option } from "@/components/ui/filter-field";
import { courseStateLabel } from "@/lib/view/course-state";
import { ROLE_LABELS } from "@/lib/concepts";
import { AGE_OPTIONS } from "@/lib/view/invitation-age";
import type { InvitationFilters } from "@/lib/view/invitation-search";
import type { InvitationsSnapshot } from "@/lib/view/invitations";

export type FilterOption = Option;

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label);

/** The course, owner and state choices, from the classes the list has loaded so far. */
export function useFilterOptions(courses?: InvitationsSnapshot["courses"], people?: InvitationsSnapshot["people"]) {
  const courseOptions = useMemo<Option[]>(
    () =>
      Object.values(courses ?? {})
        .map((c) => ({ value: c.id, label: c.section ? `${c.name} — ${c.section}` : c.name }))
        .sort(byLabel),
    [courses],
  );
  const ownerOptions = useMemo<Option[]>(() => {
    const ids = new Set(Object.values(courses ?? {}).map((c) => c.ownerId));
    return [...ids]
      .filter(Boolean)
      .map((id) => ({ value: id, label: people?.[id]?.name ?? `User ${id}` }))
      .sort(byLabel);
  }, [courses, people]);
  const stateOptions = useMemo<Option[]>(
    () =>
      [...new Set(Object.values(courses ?? {}).map((c) => c.state))]
        .sort()
        .map((s) => ({ value: s, label: courseStateLabel(s) })),
    [courses],
  );
  return { courseOptions, ownerOptions, stateOptions };
}

const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));

export const InvitationFiltersBar = memo(function InvitationFiltersBar({
  q,
  onQChange,
  filters,
  onChange,
  onClear,
  courseOptions,
  ownerOptions,
  stateOptions,
  filtered,
}: {
  q: string;
  onQChange: (q: string) => void;
  filters: InvitationFilters;
  onChange: (patch: Partial<InvitationFilters>) => void;
  onClear: () => void;
  courseOptions: FilterOption[];
  ownerOptions: FilterOption[];
  stateOptions: FilterOption[];
  filtered: boolean;
}) {
  return (
    <div
      role="search"
      aria-label="Filter invitations"
      className="grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_1fr_1.2fr_1.2fr_auto]"
    >
      <FilterSearch
        label="Search"
        value={q}
        onChange={(e) => onQChange(e.target.value)}
        placeholder="Name, email or class"
        autoComplete="off"
        spellCheck={false}
      />
      <FilterSelects
        course={filters.course}
        role={filters.role}
        state={filters.state}
        owner={filters.owner}
        olderThan={filters.olderThan}
        onChange={onChange}
        courseOptions={courseOptions}
        ownerOptions={ownerOptions}
        stateOptions={stateOptions}
      />
      <div className="flex items-end">
        <Button variant="ghost" size="sm" onClick={onClear} disabled={!filtered}>
          Clear filters
        </Button>
      </div>
    </div>
  );
});

/**
 * The drop-downs, memoized on their values: a keystroke in the search box (and the URL it
 * rewrites) leaves them alone, and the course and owner lists hold an option per class and
 * per owner (a thousand or more in a district).
 */
const FilterSelects = memo(function FilterSelects({
  course,
  role,
  state,
  owner,
  olderThan,
  onChange,
  courseOptions,
  ownerOptions,
  stateOptions,
}: Omit<InvitationFilters, "q"> & {
  onChange: (patch: Partial<InvitationFilters>) => void;
  courseOptions: FilterOption[];
  ownerOptions: FilterOption[];
  stateOptions: FilterOption[];
}) {
  return (
    <>
      <FilterSelect
        label="Course"
        allLabel="All courses"
        value={course}
        options={courseOptions}
        onChange={(course) => onChange({ course })}
      />
      <FilterSelect
        label="Role"
        allLabel="All roles"
        value={role}
        options={ROLE_OPTIONS}
        onChange={(role) => onChange({ role })}
      />
      <FilterSelect
        label="Course state"
        allLabel="All states"
        value={state}
        options={stateOptions}
        onChange={(state) => onChange({ state })}
      />
      <FilterSelect
        label="Owner"
        allLabel="All owners"
        value={owner}
        options={ownerOptions}
        onChange={(owner) => onChange({ owner })}
      />
      <div>
        <FilterSelect
          label="Pending for"
          allLabel="Any time"
          value={olderThan}
          options={AGE_OPTIONS}
          onChange={(olderThan) => onChange({ olderThan })}
        />
        <p className="mt-1 text-xs text-slate-600">
          Counted from when this dashboard first saw the invitation: Classroom doesn&apos;t say when it was sent.
        </p>
      </div>
    </>
  );
});
