import { describe, expect, it } from "vitest";

import type { InvitationRole } from "@/lib/concepts";

import { changeReason, countChanges, diffClass, isRemovable, type ClassState } from "./diff";
import type { RosterEnrollment } from "./model";

const want = (email: string, role: "STUDENT" | "TEACHER" = "STUDENT", primary = false): RosterEnrollment => ({
  classKey: "c1",
  email,
  role,
  primary,
});
const state = (
  members: Record<string, InvitationRole> = {},
  invitations: Record<string, [string, InvitationRole]> = {},
): ClassState => ({
  members: new Map(Object.entries(members)),
  invitations: new Map(Object.entries(invitations).map(([e, [id, role]]) => [e, { id, role }])),
});
const kinds = (enrollments: RosterEnrollment[], s: ClassState) =>
  diffClass(enrollments, s).map((c) => [c.kind, c.email, c.role, c.invitationId ?? null]);

describe("diffClass: every case of the sync's table", () => {
  it("missing → invite with the roster's role", () => {
    expect(kinds([want("a@x.edu"), want("t@x.edu", "TEACHER")], state())).toEqual([
      ["invite", "a@x.edu", "STUDENT", null],
      ["invite", "t@x.edu", "TEACHER", null],
    ]);
  });

  it("already invited with the right role → pending, nothing sent", () => {
    expect(kinds([want("a@x.edu")], state({}, { "a@x.edu": ["i1", "STUDENT"] }))).toEqual([
      ["pending", "a@x.edu", "STUDENT", "i1"],
    ]);
  });

  it("invited with the wrong role → change role, either way", () => {
    expect(
      kinds(
        [want("a@x.edu", "TEACHER"), want("b@x.edu")],
        state({}, { "a@x.edu": ["i1", "STUDENT"], "b@x.edu": ["i2", "TEACHER"] }),
      ),
    ).toEqual([
      ["change-role", "a@x.edu", "TEACHER", "i1"],
      ["change-role", "b@x.edu", "STUDENT", "i2"],
    ]);
  });

  it("a member with a lower role than the roster's → invited to the higher role", () => {
    const changes = diffClass([want("a@x.edu", "TEACHER")], state({ "a@x.edu": "STUDENT" }));
    expect(changes.map((c) => [c.kind, c.role, c.current])).toEqual([
      ["invite", "TEACHER", { as: "member", role: "STUDENT" }],
    ]);
    expect(changeReason(changes[0]!)).toBe("In the class as student; the roster says co-teacher.");
  });

  it("a member with a lower role who is already invited to the higher one → pending", () => {
    expect(
      kinds([want("a@x.edu", "TEACHER")], state({ "a@x.edu": "STUDENT" }, { "a@x.edu": ["i1", "TEACHER"] })),
    ).toEqual([["pending", "a@x.edu", "TEACHER", "i1"]]);
  });

  it("a member with the roster's role or higher → present", () => {
    expect(
      kinds(
        [want("a@x.edu"), want("t@x.edu"), want("o@x.edu", "TEACHER")],
        state({ "a@x.edu": "STUDENT", "t@x.edu": "TEACHER", "o@x.edu": "OWNER" }),
      ),
    ).toEqual([
      ["present", "a@x.edu", "STUDENT", null],
      ["present", "t@x.edu", "STUDENT", null],
      ["present", "o@x.edu", "TEACHER", null],
    ]);
  });

  it("a pending invitation not in the roster → revoke; an ownership transfer is left alone", () => {
    expect(
      kinds(
        [],
        state({}, { "gone@x.edu": ["i1", "STUDENT"], "co@x.edu": ["i2", "TEACHER"], "own@x.edu": ["i3", "OWNER"] }),
      ),
    ).toEqual([
      ["revoke", "gone@x.edu", "STUDENT", "i1"],
      ["revoke", "co@x.edu", "TEACHER", "i2"],
    ]);
  });

  it("a pending OWNER invitation stands for a teacher place", () => {
    expect(
      kinds([want("t@x.edu", "TEACHER")], state({ "t@x.edu": "TEACHER" }, { "t@x.edu": ["i1", "OWNER"] })),
    ).toEqual([["present", "t@x.edu", "TEACHER", null]]);
    expect(kinds([want("t@x.edu", "TEACHER")], state({}, { "t@x.edu": ["i1", "OWNER"] }))).toEqual([
      ["pending", "t@x.edu", "TEACHER", "i1"],
    ]);
  });

  it("a member not in the roster → extra: removable only by opt-in, and never the owner", () => {
    const changes = diffClass([], state({ "x@x.edu": "STUDENT", "t@x.edu": "TEACHER", "o@x.edu": "OWNER" }));
    expect(changes.map((c) => [c.kind, c.email, c.role, isRemovable(c)])).toEqual([
      ["extra", "x@x.edu", "STUDENT", true],
      ["extra", "t@x.edu", "TEACHER", true],
      ["extra", "o@x.edu", "OWNER", false],
    ]);
    expect(changeReason(changes[0]!)).toBe(
      "In the class as student, but not in the roster. Removed only from classes you opt in, after you confirm.",
    );
    expect(changeReason(changes[2]!)).toBe(
      "Owns the class, but is not in the roster. The owner is never removed by a sync.",
    );
  });

  it("a co-teacher an ownership transfer is pending for is extra but never removable", () => {
    const [change] = diffClass([], state({ "t@x.edu": "TEACHER" }, { "t@x.edu": ["i9", "OWNER"] }));
    expect([change!.kind, change!.invitationId, isRemovable(change!)]).toEqual(["extra", "i9", false]);
    expect(changeReason(change!)).toBe(
      "In the class as co-teacher, but not in the roster. Not removed: an ownership transfer to them is pending.",
    );
  });

  it("add directly: only people of the domain who hold nothing in the class; everyone else is invited", () => {
    const direct = (email: string) => email.endsWith("@x.edu");
    const changes = diffClass(
      [
        want("new@x.edu"),
        want("t@x.edu", "TEACHER"),
        want("guest@other.org"),
        want("up@x.edu", "TEACHER"),
        want("wrong@x.edu", "TEACHER"),
        want("p@x.edu"),
      ],
      state({ "up@x.edu": "STUDENT" }, { "wrong@x.edu": ["i1", "STUDENT"], "p@x.edu": ["i2", "STUDENT"] }),
      { direct },
    );
    expect(changes.map((c) => [c.kind, c.email, c.role])).toEqual([
      ["add", "new@x.edu", "STUDENT"],
      ["add", "t@x.edu", "TEACHER"],
      ["invite", "guest@other.org", "STUDENT"],
      // A student who should teach is invited: Classroom refuses a direct add of a member.
      ["invite", "up@x.edu", "TEACHER"],
      ["change-role", "wrong@x.edu", "TEACHER"],
      ["pending", "p@x.edu", "STUDENT"],
    ]);
    expect(changeReason(changes[0]!)).toBe(
      "Not in the class; the roster says student. Added directly: They are in the class at once: no email, no consent step.",
    );
    // Without the admin's choice, nobody is added directly.
    expect(diffClass([want("new@x.edu")], state()).map((c) => c.kind)).toEqual(["invite"]);
  });

  it("the roster's primary teacher who does not own the class → owner, reported with the transfer path", () => {
    const changes = diffClass(
      [want("t@x.edu", "TEACHER", true), want("o@x.edu", "TEACHER", true)],
      state({ "t@x.edu": "TEACHER", "o@x.edu": "OWNER" }),
    );
    expect(changes.map((c) => [c.kind, c.email])).toEqual([
      ["present", "t@x.edu"],
      ["owner", "t@x.edu"],
      ["present", "o@x.edu"],
    ]);
    expect(changeReason(changes[1]!)).toMatch(/must be a co-teacher first, then invite them as owner/);
  });

  it("one person listed twice in a class counts once, as teacher if either row says so", () => {
    expect(kinds([want("a@x.edu"), want("a@x.edu", "TEACHER")], state())).toEqual([
      ["invite", "a@x.edu", "TEACHER", null],
    ]);
  });

  it("counts every kind, zero included", () => {
    const changes = diffClass(
      [want("new@x.edu"), want("p@x.edu"), want("m@x.edu")],
      state(
        { "m@x.edu": "STUDENT", "extra@x.edu": "STUDENT" },
        { "p@x.edu": ["i1", "STUDENT"], "r@x.edu": ["i2", "STUDENT"] },
      ),
    );
    expect(countChanges(changes)).toEqual({
      invite: 1,
      add: 0,
      pending: 1,
      "change-role": 0,
      revoke: 1,
      extra: 1,
      owner: 0,
      present: 1,
    });
  });
});
