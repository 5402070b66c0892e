"use client";

import { memo, useId } from "react";

import { Button } from "@/components/ui/button";
import { COURSE_STATE_LABELS, ROLE_LABELS, type InvitationFilters } from "@/lib/query/invitations-view";

export type FilterOption = { value: string; label: string };

const selectClass = "h-9 w-full rounded-lg border border-slate-300 bg-white px-2 text-sm";

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
  stateOptions: string[];
  filtered: boolean;
}) {
  const id = useId();
  return (
    <div role="search" aria-label="Filter invitations" className="grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_1fr_1.2fr_auto]">
      <div>
        <label htmlFor={`${id}-q`} className="block text-xs font-medium text-slate-700">
          Search
        </label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          onChange={(e) => onQChange(e.target.value)}
          placeholder="Name, email or class"
          autoComplete="off"
          spellCheck={false}
          className="mt-1 h-9 w-full rounded-lg border border-slate-300 px-3 text-sm"
        />
      </div>
      <div>
        <label htmlFor={`${id}-course`} className="block text-xs font-medium text-slate-700">
          Course
        </label>
        <select id={`${id}-course`} value={filters.course} onChange={(e) => onChange({ course: e.target.value })} className={`mt-1 ${selectClass}`}>
          <option value="">All courses</option>
          {courseOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-role`} className="block text-xs font-medium text-slate-700">
          Role
        </label>
        <select id={`${id}-role`} value={filters.role} onChange={(e) => onChange({ role: e.target.value })} className={`mt-1 ${selectClass}`}>
          <option value="">All roles</option>
          {Object.entries(ROLE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-state`} className="block text-xs font-medium text-slate-700">
          Course state
        </label>
        <select id={`${id}-state`} value={filters.state} onChange={(e) => onChange({ state: e.target.value })} className={`mt-1 ${selectClass}`}>
          <option value="">All states</option>
          {stateOptions.map((s) => (
            <option key={s} value={s}>
              {COURSE_STATE_LABELS[s] ?? s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-owner`} className="block text-xs font-medium text-slate-700">
          Owner
        </label>
        <select id={`${id}-owner`} value={filters.owner} onChange={(e) => onChange({ owner: e.target.value })} className={`mt-1 ${selectClass}`}>
          <option value="">All owners</option>
          {ownerOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-end">
        <Button variant="ghost" size="sm" onClick={onClear} disabled={!filtered}>
          Clear filters
        </Button>
      </div>
    </div>
  );
});
