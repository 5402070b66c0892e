import { describe, expect, it } from "vitest";

import type { PlanCourse } from "@/lib/bulk/plan";

import { matchClass, suggest } from "./match";
import type { RosterClass } from "./model";

const course = (id: string, name: string, section?: string, canInvite = true): PlanCourse => ({
  id,
  name,
  ...(section ? { section } : {}),
  canInvite,
  canInviteOwner: canInvite,
});
const rosterClass = (key: string, title: string, aliases = [`d:${key}`]): RosterClass => ({
  key,
  title,
  aliases,
  schoolId: null,
  termIds: [],
});

const alg1 = course("101", "Algebra I", "Period 1");
const alg3 = course("103", "Algebra I", "Period 3");
const bio = course("200", "Biology", "Period 3");
const art = course("300", "Art Studio", "Period 5", false);
const ctx = (over: Partial<Parameters<typeof matchClass>[1]> = {}) => ({
  courses: [alg1, alg3, bio, art],
  aliases: new Map<string, PlanCourse>(),
  mapping: new Map<string, string>(),
  ...over,
});

describe("matchClass", () => {
  it("by alias d:<sourcedId> first, even when the name is shared", () => {
    const m = matchClass(rosterClass("algebra1-p3", "Algebra I"), ctx({ aliases: new Map([["d:algebra1-p3", alg3]]) }));
    expect(m).toMatchObject({ status: "matched", by: "alias", course: { id: "103" } });
  });

  it("by exact name when no alias matches", () => {
    expect(matchClass(rosterClass("bio", "Biology"), ctx())).toMatchObject({
      status: "matched",
      by: "name",
      course: { id: "200" },
    });
    expect(matchClass(rosterClass("x", "algebra i (period 1)"), ctx())).toMatchObject({
      status: "matched",
      course: { id: "101" },
    });
  });

  it("the saved mapping wins over everything else", () => {
    const m = matchClass(
      rosterClass("algebra1-p3", "Algebra I"),
      ctx({ aliases: new Map([["d:algebra1-p3", alg3]]), mapping: new Map([["algebra1-p3", "101"]]) }),
    );
    expect(m).toMatchObject({ status: "matched", by: "mapping", course: { id: "101" } });
  });

  it("a saved mapping to a class no longer there falls back to matching", () => {
    expect(matchClass(rosterClass("bio", "Biology"), ctx({ mapping: new Map([["bio", "999"]]) }))).toMatchObject({
      status: "matched",
      by: "name",
    });
  });

  it("a shared name without a section is unmatched, with the candidates", () => {
    const m = matchClass(rosterClass("alg", "Algebra I", []), ctx());
    expect(m.status).toBe("unmatched");
    if (m.status === "unmatched") {
      expect(m.candidates.map((c) => c.id)).toEqual(["101", "103"]);
      expect(m.suggestion?.id).toBe("101");
    }
  });

  it("an unknown class is unmatched with the closest name as a suggestion, or none", () => {
    const m = matchClass(rosterClass("bio2", "Biology Honors"), ctx());
    expect(m).toMatchObject({ status: "unmatched", suggestion: { id: "200" } });
    expect(matchClass(rosterClass("h", "Health 9"), ctx())).toMatchObject({ status: "unmatched", suggestion: null });
  });

  it("a class the caller may not manage is not_allowed, never matched", () => {
    expect(matchClass(rosterClass("art", "Art Studio"), ctx())).toMatchObject({
      status: "not_allowed",
      course: { id: "300" },
    });
    expect(suggest("Art Studio", [art])).toBeNull();
  });
});
