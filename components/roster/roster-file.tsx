"use client";

import { useId } from "react";

import { FilterSelect } from "@/components/ui/filter-field";
import { problemText, type Roster, type RosterFilters } from "@/lib/roster/model";
import { numberFormat as nf } from "@/lib/format/count";

const FORMAT_LABELS: Record<Roster["format"], string> = {
  csv: "plain CSV",
  "oneroster-1.1": "OneRoster 1.1",
  "oneroster-1.2": "OneRoster 1.2",
};
/** Problems listed at once; a file with thousands of bad rows says how many more there are. */
const SHOWN_PROBLEMS = 50;

/** The file input, what was read (with every row-numbered problem), and the filters. */
export function RosterFile({
  roster,
  reading,
  onFiles,
  filters,
  onFilters,
}: {
  roster: Roster | null;
  reading: boolean;
  onFiles: (files: File[]) => void;
  filters: RosterFilters;
  onFilters: (f: RosterFilters) => void;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`} className="space-y-4 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-6">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        1. Choose the roster
      </h2>
      <div>
        <label htmlFor={`${id}-file`} className="block text-sm font-medium">
          Roster file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,.zip"
          multiple
          aria-describedby={`${id}-help`}
          onChange={(e) => onFiles([...(e.currentTarget.files ?? [])])}
          className="mt-1 block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-medium file:text-brand-800"
        />
        <p id={`${id}-help`} className="mt-1 text-sm text-slate-600">
          A plain CSV (email, class, role), or a OneRoster 1.1 or 1.2 export: its .zip, or classes.csv, users.csv and
          enrollments.csv (and roles.csv for 1.2) chosen together. Up to 20 MB. Try the{" "}
          <a href="/samples/northwood-oneroster-1.2.zip" download className="text-brand-700 underline">
            demo school&apos;s OneRoster export
          </a>
          .
        </p>
      </div>
      <div aria-live="polite">
        {reading ? <p className="text-sm text-slate-600">Reading the file…</p> : null}
        {roster && !reading ? <ReadSummary roster={roster} /> : null}
      </div>
      {roster && roster.classes.length > 0 ? <Filters roster={roster} filters={filters} onFilters={onFilters} /> : null}
    </section>
  );
}

function ReadSummary({ roster }: { roster: Roster }) {
  const shown = roster.problems.slice(0, SHOWN_PROBLEMS);
  return (
    <div className="space-y-2 text-sm">
      <p data-testid="roster-read">
        {`Read ${nf.format(roster.classes.length)} ${roster.classes.length === 1 ? "class" : "classes"} and ${nf.format(
          roster.enrollments.length,
        )} ${roster.enrollments.length === 1 ? "enrollment" : "enrollments"} (${FORMAT_LABELS[roster.format]}).`}
      </p>
      {roster.notes.map((n) => (
        <p key={n} className="text-slate-600">
          {n}
        </p>
      ))}
      {roster.problems.length > 0 ? (
        <div role="alert" className="rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200">
          <p className="font-medium text-amber-900">
            {`${nf.format(roster.problems.length)} ${roster.problems.length === 1 ? "problem" : "problems"}: ${
              roster.enrollments.length > 0 ? "the rows around them were kept" : "nothing could be read"
            }.`}
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-amber-900" data-testid="roster-problems">
            {shown.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
          {roster.problems.length > shown.length ? (
            <p className="mt-1 text-amber-900">{`…and ${nf.format(roster.problems.length - shown.length)} more.`}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Filters({
  roster,
  filters,
  onFilters,
}: {
  roster: Roster;
  filters: RosterFilters;
  onFilters: (f: RosterFilters) => void;
}) {
  const one = (v: string) => (v === "" ? [] : [v]);
  return (
    <fieldset className="grid gap-3 sm:grid-cols-3">
      <legend className="mb-1 text-sm font-medium">Sync only part of it</legend>
      {roster.schools.length > 0 ? (
        <FilterSelect
          label="School"
          allLabel="All schools"
          options={roster.schools.map((o) => ({ value: o.id, label: o.name }))}
          value={filters.schoolIds?.[0] ?? ""}
          onChange={(v) => onFilters({ ...filters, schoolIds: one(v) })}
        />
      ) : null}
      {roster.terms.length > 0 ? (
        <FilterSelect
          label="Term"
          allLabel="All terms"
          options={roster.terms.map((o) => ({ value: o.id, label: o.name }))}
          value={filters.termIds?.[0] ?? ""}
          onChange={(v) => onFilters({ ...filters, termIds: one(v) })}
        />
      ) : null}
      <FilterSelect
        label="Class"
        allLabel="All classes"
        options={roster.classes.map((c) => ({
          value: c.key,
          label: c.title === c.key ? c.title : `${c.title} (${c.key})`,
        }))}
        value={filters.classKeys?.[0] ?? ""}
        onChange={(v) => onFilters({ ...filters, classKeys: one(v) })}
      />
    </fieldset>
  );
}
