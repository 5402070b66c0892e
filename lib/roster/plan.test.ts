import { describe, expect, it } from "vitest";

import type { PlanCourse } from "@/lib/bulk/plan";

import type { ClassState } from "./diff";
import type { ClassMatch } from "./match";
import { buildPlan, stageAll, stagedRemovals, toSyncItems } from "./plan";

const course = (id: string, name: string): PlanCourse => ({ id, name, canInvite: true, canInviteOwner: true });
const roster = {
  classes: [
    { key: "a", title: "A", aliases: [], schoolId: null, termIds: [] },
    { key: "b", title: "B", aliases: [], schoolId: null, termIds: [] },
    { key: "c", title: "C", aliases: [], schoolId: null, termIds: [] },
  ],
  enrollments: [
    { classKey: "a", email: "new@x.edu", role: "STUDENT" as const, primary: false },
    { classKey: "a", email: "ta@x.edu", role: "TEACHER" as const, primary: false },
    { classKey: "b", email: "new2@x.edu", role: "STUDENT" as const, primary: false },
    { classKey: "c", email: "lost@x.edu", role: "STUDENT" as const, primary: false },
  ],
};
const matches = new Map<string, ClassMatch>([
  ["a", { key: "a", title: "A", status: "matched", by: "alias", course: course("1", "A") }],
  ["b", { key: "b", title: "B", status: "matched", by: "name", course: course("2", "B") }],
  ["c", { key: "c", title: "C", status: "unmatched", suggestion: course("1", "A"), candidates: [] }],
]);
const states = new Map<string, ClassState>([
  [
    "1",
    {
      members: new Map(),
      invitations: new Map([
        ["ta@x.edu", { id: "i1", role: "STUDENT" }],
        ["old@x.edu", { id: "i2", role: "STUDENT" }],
      ]),
    },
  ],
]);

describe("buildPlan / toSyncItems", () => {
  const plan = buildPlan(roster, matches, states);

  it("plans matched, readable classes; reports unmatched ones with their suggestion and unreadable ones", () => {
    expect(
      plan.classes.map((c) => [
        c.key,
        c.match.status,
        c.unreadable,
        c.counts.invite,
        c.counts["change-role"],
        c.counts.revoke,
      ]),
    ).toEqual([
      ["a", "matched", false, 1, 1, 1],
      ["b", "matched", true, 0, 0, 0],
      ["c", "unmatched", false, 0, 0, 0],
    ]);
    expect(plan.classes[2]!.match.suggestion).toEqual({ id: "1", label: "A" });
    expect(plan.unmatched).toBe(1);
    expect(plan.totals.invite).toBe(1);
  });

  it("stages every readable matched class and every kind of write by default", () => {
    expect(stageAll(plan)).toEqual([{ courseId: "1", kinds: ["invite", "add", "change-role", "revoke"] }]);
    expect(toSyncItems(plan, stageAll(plan))).toEqual([
      { op: "invite", courseId: "1", invitee: "new@x.edu", role: "STUDENT" },
      {
        op: "change-role",
        courseId: "1",
        invitee: "ta@x.edu",
        role: "TEACHER",
        invitationId: "i1",
        fromRole: "STUDENT",
      },
      { op: "revoke", courseId: "1", invitee: "old@x.edu", invitationId: "i2" },
    ]);
  });

  it("sends only what is staged: a switched-off kind or class sends nothing", () => {
    expect(toSyncItems(plan, [{ courseId: "1", kinds: ["invite", "change-role"] }]).map((i) => i.op)).toEqual([
      "invite",
      "change-role",
    ]);
    expect(toSyncItems(plan, [{ courseId: "2", kinds: ["invite"] }])).toEqual([]);
    expect(toSyncItems(plan, [])).toEqual([]);
  });

  describe("removal and adding directly", () => {
    const withMembers = new Map<string, ClassState>([
      [
        "1",
        {
          members: new Map([
            ["owner@x.edu", "OWNER"],
            ["left@x.edu", "STUDENT"],
            ["coteacher@x.edu", "TEACHER"],
          ]),
          invitations: new Map(),
        },
      ],
      ["2", { members: new Map([["new2@x.edu", "STUDENT"]]), invitations: new Map() }],
    ]);
    const direct = buildPlan(roster, matches, withMembers, { direct: (e) => e !== "ta@x.edu" });

    it("counts the removable extra members (the owner never) and plans in-domain people as direct adds", () => {
      expect(direct.classes.map((c) => [c.key, c.counts.extra, c.removable, c.counts.add, c.counts.invite])).toEqual([
        ["a", 3, 2, 1, 1],
        ["b", 0, 0, 0, 0],
        ["c", 0, 0, 0, 0],
      ]);
    });

    it("removes nobody by default: removal needs the class opted in, and skips the owner", () => {
      const byDefault = toSyncItems(direct, stageAll(direct));
      expect(byDefault.map((i) => [i.op, i.invitee])).toEqual([
        ["add", "new@x.edu"],
        ["invite", "ta@x.edu"],
      ]);
      expect(stagedRemovals(direct, stageAll(direct))).toEqual({ count: 0, classes: [] });

      const optedIn = [{ courseId: "1", kinds: ["extra" as const] }];
      expect(toSyncItems(direct, optedIn)).toEqual([
        { op: "remove", courseId: "1", invitee: "left@x.edu", role: "STUDENT" },
        { op: "remove", courseId: "1", invitee: "coteacher@x.edu", role: "TEACHER" },
      ]);
      expect(stagedRemovals(direct, optedIn)).toEqual({ count: 2, classes: ["A"] });
      // Opting in a class with nobody to remove removes nobody.
      expect(stagedRemovals(direct, [{ courseId: "2", kinds: ["extra"] }]).count).toBe(0);
    });
  });
});
