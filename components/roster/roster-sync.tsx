"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";

import { JobProgress } from "@/components/jobs/job-progress";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { commitRosterAction, previewRosterAction } from "@/lib/actions/roster";
import { bodyLimitProblem } from "@/lib/bulk/limits";
import type { RosterProfileSummary } from "@/lib/db/roster-profiles";
import type { InvitableCourse } from "@/lib/loaders/course";
import { callAction } from "@/lib/query/call-action";
import { getJson } from "@/lib/query/http";
import { queryKeys } from "@/lib/query/keys";
import type { WriteKind } from "@/lib/roster/diff";
import { filterRoster, type RosterFilters } from "@/lib/roster/model";
import { stageAll, stagedRemovals, type RosterPlan } from "@/lib/roster/plan";
import { fromWire, toWire, type RosterWire } from "@/lib/roster/wire";

import { ConfirmRemovals } from "./confirm-removals";
import { MissingPeopleChoice } from "./missing-people";
import { RosterPreview, type StagedMap } from "./preview";
import { RosterProfiles } from "./profiles";
import { RosterFile } from "./roster-file";
import { useRosterFile } from "./use-roster-file";

type SavedProfile = {
  name: string;
  sourceName: string;
  roster: RosterWire;
  mapping: Record<string, string>;
  options: { addDirectly: boolean };
};

/**
 * The roster sync page: choose a roster (or a saved sync), preview, stage, commit. The preview
 * and the commit are server actions; the commit's job is followed in place.
 */
export function RosterSync({
  courses,
  profiles,
  isAdmin,
}: {
  courses: readonly InvitableCourse[];
  profiles: readonly RosterProfileSummary[];
  /** Administrators may add people of their domain directly. */
  isAdmin: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const file = useRosterFile();
  const [filters, setFilters] = useState<RosterFilters>({});
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [addDirectly, setAddDirectly] = useState(false);
  // The second confirmation before a commit that removes members: what it would remove.
  const [confirming, setConfirming] = useState<{ count: number; classes: string[] } | null>(null);
  const [plan, setPlan] = useState<RosterPlan | null>(null);
  const [staged, setStaged] = useState<Map<string, Set<WriteKind>>>(new Map());
  // What the shown preview was made from: a change of file, filters or matches makes it stale.
  const [version, setVersion] = useState(0);
  const [previewedVersion, setPreviewedVersion] = useState(-1);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const wire = useMemo(
    () => (file.loaded ? toWire(filterRoster(file.loaded.roster, filters)) : null),
    [file.loaded, filters],
  );

  function preview(
    w: RosterWire | null = wire,
    m: Record<string, string> = mapping,
    v = version,
    direct = addDirectly,
    sourceName = file.loaded?.sourceName,
  ) {
    if (!w || !sourceName) return;
    setError(null);
    const tooBig = bodyLimitProblem([{ roster: w, mapping: m }]);
    if (tooBig) return setError(tooBig);
    start(async () => {
      const res = await callAction(() =>
        previewRosterAction({ roster: w, mapping: m, sourceName, addDirectly: isAdmin && direct }),
      );
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      setPlan(res.data);
      setStaged(new Map(stageAll(res.data).map((s) => [s.courseId, new Set(s.kinds)])));
      setPreviewedVersion(v);
    });
  }

  const stagedList = () => [...staged].map(([courseId, kinds]) => ({ courseId, kinds: [...kinds] }));

  /** Removals are confirmed once more, with their count and classes, before anything starts. */
  function askCommit() {
    if (!plan) return;
    const removals = stagedRemovals(plan, stagedList());
    if (removals.count > 0) setConfirming(removals);
    else commit(0);
  }

  function commit(confirmedRemovals: number) {
    setConfirming(null);
    if (!wire || !plan || !file.loaded) return;
    const list = stagedList();
    start(async () => {
      const res = await callAction(() =>
        commitRosterAction({
          roster: wire,
          mapping,
          sourceName: file.loaded!.sourceName,
          addDirectly: isAdmin && addDirectly,
          staged: list,
          confirmedRemovals,
        }),
      );
      if (!res.ok) {
        toast.error(res.error.message);
        return;
      }
      setJobId(res.data.jobId);
      // Committed: the shown preview is history now; the next commit needs a new one.
      setPreviewedVersion(-1);
      toast.info(
        res.data.jobId
          ? `The sync has started: ${res.data.count} changes, as one job. You can leave this page.`
          : "Nothing to change: Classroom already matches the staged roster.",
      );
      await queryClient.invalidateQueries({ queryKey: queryKeys.jobs() });
      router.refresh();
    });
  }

  async function rerun(profileId: string) {
    setError(null);
    const saved = await getJson<SavedProfile>(
      `/api/roster/profiles/${encodeURIComponent(profileId)}`,
      "The saved sync could not be loaded.",
    ).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : "The saved sync could not be loaded.");
      return null;
    });
    if (!saved) return;
    const roster = fromWire(saved.roster);
    file.setLoaded({
      sourceName: saved.sourceName,
      roster: { ...roster, format: saved.roster.format, schools: [], terms: [], problems: [], notes: [] },
    });
    const v = version + 1;
    setFilters({});
    setMapping(saved.mapping);
    setAddDirectly(saved.options.addDirectly);
    setVersion(v);
    setJobId(null);
    preview(saved.roster, saved.mapping, v, saved.options.addDirectly, saved.sourceName);
  }

  const changed = () => {
    setVersion((v) => v + 1);
    setJobId(null);
  };

  const onStage = (courseId: string, kind: WriteKind, on: boolean) =>
    setStaged((prev) => {
      const next = new Map(prev);
      const kinds = new Set(next.get(courseId) ?? []);
      if (on) kinds.add(kind);
      else kinds.delete(kind);
      next.set(courseId, kinds);
      return next;
    });

  const onMatch = (key: string, courseId: string) => {
    const m = { ...mapping, [key]: courseId };
    const v = version + 1;
    setMapping(m);
    setVersion(v);
    preview(wire, m, v);
  };

  return (
    <div className="space-y-6">
      <RosterFile
        roster={file.loaded?.roster ?? null}
        reading={file.reading}
        onFiles={(files) => {
          changed();
          setPlan(null);
          setFilters({});
          void file.read(files);
        }}
        filters={filters}
        onFilters={(f) => {
          changed();
          setFilters(f);
        }}
      />
      {isAdmin ? (
        <MissingPeopleChoice
          addDirectly={addDirectly}
          onChange={(value) => {
            changed();
            setAddDirectly(value);
          }}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => preview()} disabled={pending || !wire || wire.classes.length === 0}>
          Preview changes
        </Button>
        {pending ? (
          <p role="status" className="text-sm text-slate-600">
            Working…
          </p>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {plan ? (
        <RosterPreview
          plan={plan}
          staged={staged as StagedMap}
          onStage={onStage}
          courses={courses}
          onMatch={onMatch}
          onCommit={askCommit}
          committing={pending}
          stale={previewedVersion !== version}
        />
      ) : null}
      {jobId ? (
        <section className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-6" aria-label="Sync job">
          <h2 className="text-lg font-semibold">3. Sync job</h2>
          <JobProgress jobId={jobId} showRows={false} />
          <Button variant="secondary" onClick={() => preview()} disabled={pending}>
            Preview again
          </Button>
        </section>
      ) : null}
      <RosterProfiles profiles={profiles} onRerun={(id) => void rerun(id)} busy={pending} />
      <ConfirmRemovals
        confirming={confirming}
        onCancel={() => setConfirming(null)}
        onConfirm={(count) => commit(count)}
      />
    </div>
  );
}
