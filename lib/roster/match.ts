/**
 * Matching roster classes to Classroom classes, in order: the saved mapping (a hand choice or
 * an earlier match), an alias (`d:<sourcedId>`, the domain-alias convention SIS sync tools use),
 * a Classroom id, then the exact name (with section, when names repeat). An unmatched class is
 * listed with the closest name as a suggestion. Pure; the server supplies the classes the caller
 * may manage and what Classroom answered for each alias.
 */
import { courseLabel, normalizeCourseRef, resolveCourseRef, type PlanCourse } from "@/lib/bulk/plan";

import type { RosterClass } from "./model";

export type MatchedBy = "mapping" | "alias" | "name";

export type ClassMatch =
  | { key: string; title: string; status: "matched"; by: MatchedBy; course: PlanCourse }
  | { key: string; title: string; status: "not_allowed"; course: PlanCourse }
  | { key: string; title: string; status: "unmatched"; suggestion: PlanCourse | null; candidates: PlanCourse[] };

export interface MatchContext {
  /** Classes the caller may see (`canInvite` = may sync: theirs, or any for an admin). */
  courses: readonly PlanCourse[];
  /** What an alias resolved to through courses.get; absent = not found. */
  aliases: ReadonlyMap<string, PlanCourse>;
  /** Saved roster class key → course id. */
  mapping: ReadonlyMap<string, string>;
}

export function matchClass(c: RosterClass, ctx: MatchContext): ClassMatch {
  const base = { key: c.key, title: c.title };
  const allowed = (course: PlanCourse, by: MatchedBy): ClassMatch =>
    course.canInvite ? { ...base, status: "matched", by, course } : { ...base, status: "not_allowed", course };

  const mapped = ctx.mapping.get(c.key);
  const saved = mapped
    ? (ctx.courses.find((k) => k.id === mapped) ?? [...ctx.aliases.values()].find((k) => k.id === mapped))
    : undefined;
  if (saved) return allowed(saved, "mapping");
  for (const alias of c.aliases) {
    const hit = ctx.aliases.get(alias);
    if (hit) return allowed(hit, "alias");
  }
  const byRef = resolveCourseRef(c.title, ctx.courses);
  if ((byRef.kind === "ok" || byRef.kind === "not_allowed") && byRef.course) return allowed(byRef.course, "name");
  const candidates = byRef.kind === "ambiguous" ? byRef.candidates.filter((k) => k.canInvite) : [];
  return { ...base, status: "unmatched", suggestion: candidates[0] ?? suggest(c.title, ctx.courses), candidates };
}

/** The manageable class whose name shares the most words with the title (none if no word is shared). */
export function suggest(title: string, courses: readonly PlanCourse[]): PlanCourse | null {
  const words = (s: string) =>
    new Set(
      normalizeCourseRef(s)
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 0),
    );
  const want = words(title);
  let best: PlanCourse | null = null;
  let bestScore = 0;
  for (const course of courses) {
    if (!course.canInvite) continue;
    const have = words(courseLabel(course));
    let shared = 0;
    for (const w of want) if (have.has(w)) shared++;
    const score = shared / (want.size + have.size - shared || 1);
    if (score > bestScore) [best, bestScore] = [course, score];
  }
  return best;
}
