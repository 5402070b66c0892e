/**
 * The preview's plan, and the job items a commit makes of it. Pure: the server reads Classroom
 * (lib/classroom/roster-sync.ts), this decides. The plan is recomputed on commit from the
 * roster and Classroom as they are then; the browser only says which classes and kinds of
 * change it staged, never what to send.
 */
import { courseLabel } from "@/lib/bulk/plan";

import {
  countChanges,
  DEFAULT_KINDS,
  diffClass,
  isRemovable,
  isWriteKind,
  type ChangeKind,
  type ClassState,
  type DiffOptions,
  type PersonChange,
  type WriteKind,
} from "./diff";
import type { ClassMatch } from "./match";
import type { RosterClass, RosterEnrollment } from "./model";

export interface PlannedClass {
  key: string;
  title: string;
  match: { status: ClassMatch["status"]; by?: string; suggestion?: { id: string; label: string } | null };
  courseId: string | null;
  courseLabel: string | null;
  /** Classroom could not be read for this class: nothing is planned for it. */
  unreadable: boolean;
  counts: Record<ChangeKind, number>;
  /** Extra members a commit may remove (all but the owner), if the class is opted in. */
  removable: number;
  changes: PersonChange[];
}

export interface RosterPlan {
  classes: PlannedClass[];
  totals: Record<ChangeKind, number>;
  /** Roster classes with no Classroom class (unmatched, or not the caller's). */
  unmatched: number;
}

/** What the browser staged: classes (by course id) and, per class, the kinds of change. */
export type Staged = readonly { courseId: string; kinds: readonly WriteKind[] }[];

export function buildPlan(
  roster: { classes: readonly RosterClass[]; enrollments: readonly RosterEnrollment[] },
  matches: ReadonlyMap<string, ClassMatch>,
  states: ReadonlyMap<string, ClassState>,
  options: DiffOptions = {},
): RosterPlan {
  const byClass = new Map<string, RosterEnrollment[]>();
  for (const e of roster.enrollments) {
    const list = byClass.get(e.classKey) ?? [];
    list.push(e);
    byClass.set(e.classKey, list);
  }
  // Two roster classes matched to one Classroom class are one desired roster.
  const byCourse = new Map<string, RosterEnrollment[]>();
  for (const c of roster.classes) {
    const m = matches.get(c.key);
    if (m?.status !== "matched") continue;
    byCourse.set(m.course.id, [...(byCourse.get(m.course.id) ?? []), ...(byClass.get(c.key) ?? [])]);
  }
  const seen = new Set<string>();
  const classes: PlannedClass[] = roster.classes.map((c) => {
    const m = matches.get(c.key);
    const base = {
      key: c.key,
      title: c.title,
      match: {
        status: m?.status ?? ("unmatched" as const),
        ...(m?.status === "matched" ? { by: m.by } : {}),
        ...(m?.status === "unmatched"
          ? { suggestion: m.suggestion ? { id: m.suggestion.id, label: courseLabel(m.suggestion) } : null }
          : {}),
      },
      courseId: m && m.status !== "unmatched" ? m.course.id : null,
      courseLabel: m && m.status !== "unmatched" ? courseLabel(m.course) : null,
    };
    const state = m?.status === "matched" ? states.get(m.course.id) : undefined;
    // A class matched twice is planned once, under the first roster class.
    if (m?.status !== "matched" || !state || seen.has(m.course.id)) {
      const unreadable = m?.status === "matched" && !state;
      return { ...base, unreadable, counts: countChanges([]), removable: 0, changes: [] };
    }
    seen.add(m.course.id);
    const changes = diffClass(byCourse.get(m.course.id) ?? [], state, options);
    const removable = changes.filter(isRemovable).length;
    return { ...base, unreadable: false, counts: countChanges(changes), removable, changes };
  });
  return {
    classes,
    totals: countChanges(classes.flatMap((c) => c.changes)),
    unmatched: classes.filter((c) => c.match.status !== "matched").length,
  };
}

/** Everything a commit may do but remove members, staged: the default the page starts from. */
export function stageAll(plan: RosterPlan): Staged {
  return plan.classes.flatMap((c) =>
    c.courseId && c.match.status === "matched" && !c.unreadable
      ? [{ courseId: c.courseId, kinds: [...DEFAULT_KINDS] }]
      : [],
  );
}

/** A job item's operation: the write kinds, with `extra` carried out as `remove`. */
export type SyncOp = "invite" | "add" | "change-role" | "revoke" | "remove";

export type SyncItem = {
  op: SyncOp;
  courseId: string;
  invitee: string;
  role?: string;
  invitationId?: string;
  /** A role change: the role the invitation has now, so the job refuses one changed meanwhile. */
  fromRole?: string;
};

/** The removals a staged selection would make: how many, and from which classes (the confirmation's words). */
export function stagedRemovals(plan: RosterPlan, staged: Staged): { count: number; classes: string[] } {
  const items = toSyncItems(plan, staged).filter((i) => i.op === "remove");
  const courses = new Set(items.map((i) => i.courseId));
  const classes = plan.classes
    .filter((c) => c.courseId && courses.has(c.courseId))
    .map((c) => c.courseLabel ?? c.title);
  return { count: items.length, classes: [...new Set(classes)] };
}

/** The staged changes as job items, one per change. */
export function toSyncItems(plan: RosterPlan, staged: Staged): SyncItem[] {
  const wanted = new Map(staged.map((s) => [s.courseId, new Set(s.kinds)]));
  const items: SyncItem[] = [];
  for (const c of plan.classes) {
    const kinds = c.courseId ? wanted.get(c.courseId) : undefined;
    if (!kinds || !c.courseId) continue;
    for (const change of c.changes) {
      if (!isWriteKind(change.kind) || !kinds.has(change.kind)) continue;
      if (change.kind === "extra") {
        if (isRemovable(change))
          items.push({ op: "remove", courseId: c.courseId, invitee: change.email, role: change.role });
      } else if (change.kind === "add")
        items.push({ op: "add", courseId: c.courseId, invitee: change.email, role: change.role });
      else if (change.kind === "revoke")
        items.push({ op: "revoke", courseId: c.courseId, invitee: change.email, invitationId: change.invitationId! });
      else if (change.kind === "change-role")
        items.push({
          op: "change-role",
          courseId: c.courseId,
          invitee: change.email,
          role: change.role,
          invitationId: change.invitationId!,
          fromRole: change.current!.role,
        });
      else items.push({ op: "invite", courseId: c.courseId, invitee: change.email, role: change.role });
    }
  }
  return items;
}
