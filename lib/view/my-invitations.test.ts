import { describe, expect, it } from "vitest";

import {
  acceptAllTargets,
  canAccept,
  joiningCourses,
  ownerChangeText,
  stateNotice,
  teachersText,
  withAccepted,
  withoutInvitations,
  type CourseState,
  type MyInvitation,
  type MyInvitationsData,
} from "./my-invitations";

const inv = (
  id: string,
  courseId: string,
  role: MyInvitation["role"] = "STUDENT",
  extra: Partial<MyInvitation> = {},
): MyInvitation => ({
  id,
  courseId,
  role,
  course: {
    id: courseId,
    name: `Course ${courseId}`,
    state: "ACTIVE",
    link: `https://classroom.google.com/c/${courseId}`,
  },
  teachers: [],
  owner: null,
  ...extra,
});

const data = (): MyInvitationsData => ({
  invitations: [inv("i1", "c1"), inv("i2", "c2", "TEACHER"), inv("i3", "c3", "OWNER")],
  courses: [
    { id: "c2", name: "Course c2", state: "ACTIVE", role: "STUDENT" },
    { id: "c3", name: "Course c3", state: "ACTIVE", role: "TEACHER" },
  ],
});

describe("ownerChangeText", () => {
  it("says who becomes owner and who stays a co-teacher", () => {
    expect(ownerChangeText(inv("i", "c", "OWNER", { owner: { name: "Jonah Okafor" } }))).toMatch(
      /^You will become the owner of Course c; Jonah Okafor stays a co-teacher\./,
    );
  });
  it("copes with an unknown owner and a hidden class", () => {
    expect(ownerChangeText({ role: "OWNER", course: null, owner: null })).toMatch(
      /owner of this class; The current owner stays/,
    );
  });
  it("is null for other roles", () => {
    expect(ownerChangeText(inv("i", "c", "TEACHER"))).toBeNull();
    expect(ownerChangeText(inv("i", "c", "STUDENT"))).toBeNull();
  });
});

describe("teachersText", () => {
  it.each([
    [[], null],
    [[{ name: "A" }], "A"],
    [[{ name: "A" }, { name: "B" }], "A and B"],
    [[{ name: "A" }, { name: "B" }, { name: "C" }], "A and 2 others"],
  ])("%j → %s", (teachers, expected) => {
    expect(teachersText(teachers)).toBe(expected);
  });
});

describe("canAccept and acceptAllTargets", () => {
  const inv = (role: "STUDENT" | "TEACHER" | "OWNER", state: CourseState | null) => ({
    role,
    course: state ? { id: "1", name: "X", state } : null,
  });
  it("refuses the states Classroom refuses, and allows a class it can't describe", () => {
    for (const s of ["ARCHIVED", "DECLINED", "SUSPENDED"] as const) expect(canAccept(inv("STUDENT", s))).toBe(false);
    for (const s of ["ACTIVE", "PROVISIONED"] as const) expect(canAccept(inv("STUDENT", s))).toBe(true);
    expect(canAccept(inv("STUDENT", null))).toBe(true);
  });
  it("leaves ownership transfers and closed classes out of Accept all", () => {
    const list = [inv("STUDENT", "ACTIVE"), inv("OWNER", "ACTIVE"), inv("TEACHER", "ARCHIVED"), inv("TEACHER", null)];
    expect(acceptAllTargets(list)).toEqual([list[0], list[3]]);
    expect(acceptAllTargets([inv("OWNER", "ACTIVE"), inv("STUDENT", "ARCHIVED")])).toEqual([]);
  });
});

describe("stateNotice", () => {
  it("warns for states Classroom won't let anyone join", () => {
    for (const s of ["ARCHIVED", "DECLINED", "SUSPENDED"] as const) expect(stateNotice(s)).toBeTruthy();
  });
  it("is quiet for an active class", () => {
    expect(stateNotice("ACTIVE")).toBeNull();
    expect(stateNotice(undefined)).toBeNull();
  });
});

describe("withAccepted", () => {
  it("moves a class from pending to My courses", () => {
    const next = withAccepted(data(), ["i1"]);
    expect(next.invitations.map((i) => i.id)).toEqual(["i2", "i3"]);
    expect(next.courses[0]).toEqual({
      id: "c1",
      name: "Course c1",
      state: "ACTIVE",
      link: "https://classroom.google.com/c/c1",
      role: "STUDENT",
    });
  });
  it("upgrades the role of a class the user is already in, without duplicating it", () => {
    const next = withAccepted(data(), ["i2", "i3"]);
    expect(next.invitations.map((i) => i.id)).toEqual(["i1"]);
    expect(next.courses.map((c) => [c.id, c.role])).toEqual([
      ["c2", "TEACHER"],
      ["c3", "OWNER"],
    ]);
  });
  it("doesn't invent a class it can't describe", () => {
    const d: MyInvitationsData = { invitations: [inv("i9", "c9", "STUDENT", { course: null })], courses: [] };
    expect(withAccepted(d, ["i9"])).toEqual({ invitations: [], courses: [] });
  });
  it("ignores unknown ids", () => {
    expect(withAccepted(data(), ["nope"])).toEqual(data());
  });
});

describe("withoutInvitations / joiningCourses", () => {
  it("removes only the given invitations", () => {
    expect(withoutInvitations(data(), ["i2"]).invitations.map((i) => i.id)).toEqual(["i1", "i3"]);
  });
  it("lists classes being joined that aren't in My courses yet", () => {
    expect(joiningCourses(data(), new Set(["i1", "i2"])).map((c) => c.id)).toEqual(["c1"]);
    expect(joiningCourses(data(), new Set())).toEqual([]);
  });
});
