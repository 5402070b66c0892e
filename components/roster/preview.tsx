"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";

import { Button } from "@/components/ui/button";
import { fieldSelectClass } from "@/components/ui/field";
import { courseLabel } from "@/lib/bulk/plan";
import { describeSchedule } from "@/lib/jobs/view";
import type { InvitableCourse } from "@/lib/loaders/course";
import { jobScheduleQueryOptions } from "@/lib/query/jobs";
import { changeReason, isRemovable, WRITE_KINDS, type ChangeKind, type WriteKind } from "@/lib/roster/diff";
import type { PlannedClass, RosterPlan } from "@/lib/roster/plan";
import { countText, numberFormat as nf } from "@/lib/format/count";

/** One owner for the words of each kind of change: the summary, the table and the drill-down. */
export const KIND_LABELS: Record<ChangeKind, { count: (n: number) => string; column: string; person: string }> = {
  invite: { count: (n) => `${nf.format(n)} to invite`, column: "To invite", person: "Invite" },
  add: { count: (n) => `${nf.format(n)} to add directly`, column: "To add directly", person: "Add directly" },
  pending: { count: (n) => `${nf.format(n)} pending`, column: "Pending", person: "Pending" },
  "change-role": {
    count: (n) => `${nf.format(n)} role ${n === 1 ? "change" : "changes"}`,
    column: "Role changes",
    person: "Change role",
  },
  revoke: { count: (n) => `${nf.format(n)} to revoke`, column: "To revoke", person: "Revoke" },
  extra: {
    count: (n) => `${nf.format(n)} extra ${n === 1 ? "member" : "members"}`,
    column: "Extra members",
    person: "Extra (reported)",
  },
  owner: {
    count: (n) => `${nf.format(n)} ownership ${n === 1 ? "transfer" : "transfers"} to make`,
    column: "Owner",
    person: "Owner (reported)",
  },
  present: { count: (n) => `${nf.format(n)} already in class`, column: "In class", person: "In class" },
};
const SUMMARY_KINDS: readonly ChangeKind[] = ["invite", "add", "pending", "change-role", "revoke", "extra", "owner"];
const TABLE_KINDS: readonly ChangeKind[] = ["invite", "add", "pending", "change-role", "revoke", "extra"];
/** "To add directly" shows only when the admin chose it and someone is to be added. */
const shownKinds = (kinds: readonly ChangeKind[], plan: RosterPlan) =>
  kinds.filter((k) => k !== "add" || plan.totals.add > 0);
const STAGE_LABELS: Record<WriteKind, string> = {
  invite: "Invite",
  add: "Add directly",
  "change-role": "Change roles",
  revoke: "Revoke",
  extra: "Remove extra members",
};
/** How many people a staged kind acts on in a class: extra members but the owner, or every change of the kind. */
const stagedCount = (c: PlannedClass, k: WriteKind) => (k === "extra" ? c.removable : c.counts[k]);

export type StagedMap = ReadonlyMap<string, ReadonlySet<WriteKind>>;

/** What the staged selection would send: invitations created (invites and role changes), removals and all changes. */
export function stagedCounts(plan: RosterPlan, staged: StagedMap) {
  let changes = 0;
  let creates = 0;
  let removals = 0;
  for (const c of plan.classes) {
    const kinds = c.courseId ? staged.get(c.courseId) : undefined;
    if (!kinds) continue;
    for (const k of kinds) {
      changes += stagedCount(c, k);
      if (k === "invite" || k === "change-role") creates += c.counts[k];
      if (k === "extra") removals += c.removable;
    }
  }
  return { changes, creates, removals };
}

export function RosterPreview({
  plan,
  staged,
  onStage,
  courses,
  onMatch,
  onCommit,
  committing,
  stale,
}: {
  plan: RosterPlan;
  staged: StagedMap;
  onStage: (courseId: string, kind: WriteKind, on: boolean) => void;
  courses: readonly InvitableCourse[];
  onMatch: (key: string, courseId: string) => void;
  onCommit: () => void;
  committing: boolean;
  /** The roster or filters changed since this preview: commit waits for a new one. */
  stale: boolean;
}) {
  const id = useId();
  const { changes, creates, removals } = stagedCounts(plan, staged);
  const schedule = useQuery({ ...jobScheduleQueryOptions(creates), enabled: creates > 0 });
  const summary = shownKinds(SUMMARY_KINDS, plan)
    .map((k) => KIND_LABELS[k].count(plan.totals[k]))
    .join(" · ");
  const tableKinds = shownKinds(TABLE_KINDS, plan);
  return (
    <section aria-labelledby={`${id}-h`} className="space-y-4 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-6">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        2. Preview
      </h2>
      <p role="status" className="text-base font-medium" data-testid="roster-summary">
        {summary}
        {plan.unmatched > 0
          ? ` · ${nf.format(plan.unmatched)} ${plan.unmatched === 1 ? "class" : "classes"} not matched`
          : ""}
      </p>
      <p className="text-sm text-slate-600">
        Nothing has been sent. Pending invitations count as present. Everything that can be committed is staged, except
        removals: extra members are only reported unless you tick “Remove extra members” for their class, and you
        confirm once more before anyone is removed. A class owner is never removed.
      </p>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm" data-testid="roster-classes">
          <caption className="sr-only">Changes by class</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Roster class
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Classroom class
              </th>
              {tableKinds.map((k) => (
                <th key={k} scope="col" className="py-2 pr-3 text-right font-medium">
                  {KIND_LABELS[k].column}
                </th>
              ))}
              <th scope="col" className="py-2 pr-3 font-medium">
                Staged
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.classes.map((c) => (
              <ClassRow
                key={c.key}
                c={c}
                kinds={tableKinds}
                staged={staged}
                onStage={onStage}
                courses={courses}
                onMatch={onMatch}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div className="space-y-2 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
        <p className="text-sm text-slate-700" data-testid="job-schedule">
          {creates === 0
            ? "No invitation is created by the staged changes: nothing counts against your daily limit."
            : schedule.data
              ? `${nf.format(creates)} invitations within your limit of ${nf.format(schedule.data.perWindow)} a day: ${describeSchedule(schedule.data)}.`
              : schedule.error
                ? schedule.error.message
                : "Working out the sending schedule…"}
        </p>
        <Button onClick={onCommit} disabled={committing || stale || changes === 0}>
          {changes === 0
            ? "Commit: nothing staged"
            : `Commit ${nf.format(changes)} ${changes === 1 ? "change" : "changes"}`}
        </Button>
        {removals > 0 ? (
          <p className="text-sm text-red-700">
            {`The staged changes remove ${countText(removals, "member")} from their classes; you will be asked to confirm.`}
          </p>
        ) : null}
        {stale ? (
          <p className="text-sm text-slate-600">The roster or its filters changed: preview again to commit.</p>
        ) : null}
      </div>
    </section>
  );
}

function ClassRow({
  c,
  kinds: columns,
  staged,
  onStage,
  courses,
  onMatch,
}: {
  c: PlannedClass;
  kinds: readonly ChangeKind[];
  staged: StagedMap;
  onStage: (courseId: string, kind: WriteKind, on: boolean) => void;
  courses: readonly InvitableCourse[];
  onMatch: (key: string, courseId: string) => void;
}) {
  const matched = c.match.status === "matched" && c.courseId;
  const kinds = c.courseId ? staged.get(c.courseId) : undefined;
  const people = c.changes.filter((p) => p.kind !== "present");
  return (
    <tr className="border-b border-slate-100 align-top">
      <th scope="row" className="py-2 pr-3 font-medium">
        {c.title}
        {c.title !== c.key ? <span className="block text-xs font-normal text-slate-500">{c.key}</span> : null}
        {people.length > 0 ? (
          <details className="mt-1 font-normal">
            <summary className="cursor-pointer text-brand-700">{`Who and why (${nf.format(people.length)})`}</summary>
            <ul className="mt-1 space-y-1 text-slate-700">
              {people.map((p, i) => (
                <li key={i}>
                  <span className="font-medium">
                    {kinds?.has("extra") && isRemovable(p) ? "Remove" : KIND_LABELS[p.kind].person}
                  </span>{" "}
                  {p.email}: {changeReason(p)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </th>
      <td className="py-2 pr-3">
        {matched ? (
          <>
            {c.courseLabel}
            <span className="block text-xs text-slate-500">{`Matched by ${c.match.by === "alias" ? "alias" : c.match.by === "mapping" ? "saved mapping" : "name"}`}</span>
            {c.unreadable ? (
              <span className="block text-xs text-red-700">Classroom could not be read for this class.</span>
            ) : null}
          </>
        ) : c.match.status === "not_allowed" ? (
          <span className="text-slate-600">{`${c.courseLabel}: not one of your classes`}</span>
        ) : (
          <MatchByHand c={c} courses={courses} onMatch={onMatch} />
        )}
      </td>
      {columns.map((k) => (
        <td key={k} className="py-2 pr-3 text-right tabular-nums">
          {matched ? nf.format(c.counts[k]) : "—"}
        </td>
      ))}
      <td className="py-2 pr-3">
        {matched && !c.unreadable ? (
          <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
            <legend className="sr-only">{`Changes to commit in ${c.title}`}</legend>
            {WRITE_KINDS.filter((k) => k !== "add" || columns.includes("add")).map((k) => (
              <label key={k} className="inline-flex items-center gap-1 whitespace-nowrap">
                <input
                  type="checkbox"
                  data-kind={k}
                  checked={kinds?.has(k) ?? false}
                  disabled={stagedCount(c, k) === 0}
                  onChange={(e) => onStage(c.courseId!, k, e.currentTarget.checked)}
                />
                {STAGE_LABELS[k]}
              </label>
            ))}
          </fieldset>
        ) : null}
      </td>
    </tr>
  );
}

function MatchByHand({
  c,
  courses,
  onMatch,
}: {
  c: PlannedClass;
  courses: readonly InvitableCourse[];
  onMatch: (key: string, courseId: string) => void;
}) {
  const id = useId();
  const suggestion = c.match.suggestion;
  return (
    <div className="space-y-1">
      <p className="text-amber-800">{`Not matched.${suggestion ? ` Closest: ${suggestion.label}.` : ""}`}</p>
      {suggestion ? (
        <Button size="sm" variant="secondary" onClick={() => onMatch(c.key, suggestion.id)}>
          {`Use ${suggestion.label}`}
        </Button>
      ) : null}
      <label htmlFor={`${id}-m`} className="block text-xs text-slate-600">
        {`Classroom class for ${c.title}`}
      </label>
      <select
        id={`${id}-m`}
        className={fieldSelectClass}
        value=""
        onChange={(e) => e.currentTarget.value && onMatch(c.key, e.currentTarget.value)}
      >
        <option value="">Choose a class…</option>
        {courses.map((k) => (
          <option key={k.id} value={k.id}>
            {courseLabel(k)}
          </option>
        ))}
      </select>
    </div>
  );
}
