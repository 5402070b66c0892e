import { describe, expect, it } from "vitest";

import {
  countStatuses,
  isSendable,
  memberCovers,
  planBulkInvite,
  resolveCourseRef,
  type CourseSnapshot,
  type PlanContext,
  type PlanCourse,
} from "./plan";
import { domainRefusal } from "@/lib/domain-policy";

const algebra1: PlanCourse = {
  id: "101",
  name: "Algebra I",
  section: "Period 1",
  canInvite: true,
  canInviteOwner: true,
};
const algebra3: PlanCourse = {
  id: "103",
  name: "Algebra I",
  section: "Period 3",
  canInvite: true,
  canInviteOwner: true,
};
const chem: PlanCourse = { id: "200", name: "Chemistry", section: "Period 2", canInvite: true, canInviteOwner: false };
const hub: PlanCourse = { id: "300", name: "Faculty Hub", canInvite: false, canInviteOwner: false };
const courses = [algebra1, algebra3, chem, hub];

const snapshots: Record<string, CourseSnapshot> = {
  "101": {
    members: new Map([
      ["teacher@x.edu", "OWNER"],
      ["co@x.edu", "TEACHER"],
      ["kid@x.edu", "STUDENT"],
    ]),
    invitations: new Map([
      ["pending@x.edu", { id: "inv1", role: "STUDENT" as const }],
      ["pendingt@x.edu", { id: "inv2", role: "TEACHER" as const }],
    ]),
    pendingOwnerInvitation: false,
  },
  "200": { members: new Map([["co2@x.edu", "TEACHER"]]), invitations: new Map(), pendingOwnerInvitation: true },
};

const ctx: PlanContext = {
  resolveCourse: (ref) => resolveCourseRef(ref, courses),
  snapshot: (id) => snapshots[id],
};

const plan = (rows: { email: string; course: string; role?: string }[]) =>
  planBulkInvite(
    rows.map((r, i) => ({ line: i + 2, ...r })),
    ctx,
  );

describe("resolveCourseRef", () => {
  it("matches by id first", () => {
    expect(resolveCourseRef("200", courses)).toEqual({ kind: "ok", course: chem });
  });
  it("matches an exact name case-insensitively with collapsed spaces", () => {
    expect(resolveCourseRef("  chemistry ", courses)).toEqual({ kind: "ok", course: chem });
  });
  it("calls a shared name ambiguous unless the section settles it", () => {
    expect(resolveCourseRef("Algebra I", courses)).toMatchObject({ kind: "ambiguous" });
    for (const ref of ["Algebra I (Period 3)", "algebra i - period 3", "Algebra I — Period 3", "Algebra I Period 3"]) {
      expect(resolveCourseRef(ref, courses)).toEqual({ kind: "ok", course: algebra3 });
    }
  });
  it("knows a visible class the caller can't invite to", () => {
    expect(resolveCourseRef("Faculty Hub", courses)).toEqual({ kind: "not_allowed", course: hub });
    expect(resolveCourseRef("300", courses)).toEqual({ kind: "not_allowed", course: hub });
  });
  it("reports the rest as unknown", () => {
    expect(resolveCourseRef("Underwater Basket Weaving", courses)).toEqual({ kind: "unknown" });
    expect(resolveCourseRef("", courses)).toEqual({ kind: "unknown" });
  });
});

describe("planBulkInvite", () => {
  it("says what happens to every kind of row", () => {
    const rows = plan([
      { email: "New@X.edu", course: "101" }, // 2 will invite (default STUDENT)
      { email: "pending@x.edu", course: "101", role: "student" }, // 3 already invited, same role
      { email: "pendingt@x.edu", course: "101", role: "student" }, // 4 already invited, other role
      { email: "kid@x.edu", course: "101" }, // 5 member
      { email: "co@x.edu", course: "101", role: "student" }, // 6 teacher covers student
      { email: "not-an-email", course: "101" }, // 7
      { email: "a@x.edu", course: "101", role: "principal" }, // 8
      { email: "a@x.edu", course: "" }, // 9
      { email: "a@x.edu", course: "999" }, // 10
      { email: "a@x.edu", course: "Algebra I" }, // 11 ambiguous
      { email: "a@x.edu", course: "Faculty Hub" }, // 12 not allowed
      { email: "new@x.edu", course: "Algebra I (Period 1)" }, // 13 duplicate of row 2 (name vs id)
      { email: "kid@x.edu", course: "101", role: "teacher" }, // 14 same person and class as row 5
    ]);
    expect(rows.map((r) => [r.line, r.status])).toEqual([
      [2, "will_invite"],
      [3, "already_invited"],
      [4, "already_invited_other_role"],
      [5, "already_member"],
      [6, "already_member"],
      [7, "invalid_email"],
      [8, "invalid_role"],
      [9, "missing_course"],
      [10, "unknown_course"],
      [11, "ambiguous_course"],
      [12, "not_allowed"],
      [13, "duplicate_row"],
      [14, "duplicate_row"],
    ]);
    expect(rows[0]).toMatchObject({
      email: "new@x.edu",
      role: "STUDENT",
      courseId: "101",
      courseName: "Algebra I (Period 1)",
    });
    expect(rows[2]!.existing).toEqual({ id: "inv2", role: "TEACHER" });
    expect(rows[2]!.message).toMatch(/co-teacher/);
    expect(rows[3]!.memberRole).toBe("STUDENT");
    expect(rows[11]!.duplicateOf).toBe(2);
    expect(rows[12]!.duplicateOf).toBe(5);
  });

  it("lets a student be invited as co-teacher (an upgrade Classroom allows)", () => {
    const [row] = plan([{ email: "kid@x.edu", course: "101", role: "teacher" }]);
    expect(row).toMatchObject({ status: "will_invite", role: "TEACHER" });
  });

  it("applies Classroom's owner rules before sending anything", () => {
    const rows = plan([
      { email: "co@x.edu", course: "101", role: "owner" }, // co-teacher → owner: fine
      { email: "kid@x.edu", course: "101", role: "owner" }, // not a co-teacher → IneligibleOwner
      { email: "teacher@x.edu", course: "101", role: "owner" }, // already the owner
      { email: "co2@x.edu", course: "200", role: "owner" }, // caller isn't the owner of 200
    ]);
    expect(rows.map((r) => r.status)).toEqual(["will_invite", "not_allowed", "already_member", "not_allowed"]);
    expect(rows[1]!.message).toMatch(/co-teacher first/);
    expect(rows[3]!.message).toMatch(/owner or an administrator/);
  });

  it("flags a second ownership transfer", () => {
    const own: PlanContext = {
      resolveCourse: () => ({ kind: "ok", course: { ...chem, canInviteOwner: true } }),
      snapshot: (id) => snapshots[id],
    };
    const [row] = planBulkInvite([{ line: 2, email: "co2@x.edu", course: "200", role: "OWNER" }], own);
    expect(row!.status).toBe("not_allowed");
    expect(row!.message).toMatch(/already pending/);
  });

  it("flags, before sending, invitees the school's join setting will refuse", () => {
    const setting = { policy: "DOMAIN_ONLY" as const, schoolDomains: ["x.edu"], allowlistedDomains: [] };
    const rows = planBulkInvite(
      [
        { line: 2, email: "New@X.edu", course: "101" },
        { line: 3, email: "guest@partner.org", course: "101" },
        { line: 4, email: "guest@partner.org", course: "101" }, // still a duplicate first
        { line: 5, email: "kid@x.edu", course: "101" },
      ],
      { ...ctx, domainRefusal: (email) => domainRefusal(email, setting) },
    );
    expect(rows.map((r) => r.status)).toEqual(["will_invite", "domain_refused", "duplicate_row", "already_member"]);
    expect(rows[1]!.message).toMatch(/^Classroom will refuse this invitation: .*partner\.org/);
    expect(rows.filter(isSendable).map((r) => r.line)).toEqual([2]);
  });

  it("refuses an address with no account and sends an unchecked one, saying so; a duplicate stays a duplicate", () => {
    const account = (email: string) =>
      email === "gone@x.edu"
        ? { kind: "missing" as const }
        : email === "later@x.edu"
          ? { kind: "not_checked" as const, reason: "cap" as const, cap: 200 }
          : undefined;
    const rows = planBulkInvite(
      [
        { line: 2, email: "gone@x.edu", course: "101" },
        { line: 3, email: "gone@x.edu", course: "101" },
        { line: 4, email: "later@x.edu", course: "101" },
        { line: 5, email: "kid@x.edu", course: "101" },
      ],
      { ...ctx, account },
    );
    expect(rows.map((r) => r.status)).toEqual(["unknown_account", "duplicate_row", "will_invite", "already_member"]);
    expect(rows[0]!.message).toMatch(/^No Classroom account in your school has this address\./);
    expect(rows[2]!).toMatchObject({
      accountNotChecked: true,
      message: expect.stringMatching(/at most 200 addresses/),
    });
    expect(rows.filter(isSendable).map((r) => r.line)).toEqual([4]);
  });

  it("still offers rows whose class could not be read (Classroom decides on send)", () => {
    const rows = plan([{ email: "x@x.edu", course: "103", role: "owner" }]);
    expect(rows[0]!.status).toBe("will_invite");
  });

  it("never loses good rows among bad ones, in order, for 500 rows", () => {
    const input = Array.from({ length: 500 }, (_, i) => ({
      email: i % 10 === 0 ? `bad${i}` : `s${i}@x.edu`,
      course: "101",
    }));
    const rows = plan(input);
    expect(rows).toHaveLength(500);
    expect(rows.filter(isSendable)).toHaveLength(450);
    expect(rows.map((r) => r.line)).toEqual(input.map((_, i) => i + 2));
    expect(countStatuses(rows)).toEqual({ will_invite: 450, invalid_email: 50 });
  });
});

describe("memberCovers", () => {
  it("ranks owner > teacher > student", () => {
    expect(memberCovers("STUDENT", "STUDENT")).toBe(true);
    expect(memberCovers("STUDENT", "TEACHER")).toBe(false);
    expect(memberCovers("TEACHER", "STUDENT")).toBe(true);
    expect(memberCovers("TEACHER", "OWNER")).toBe(false);
    expect(memberCovers("OWNER", "OWNER")).toBe(true);
  });
});
