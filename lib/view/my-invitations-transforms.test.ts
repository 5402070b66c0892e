import { describe, expect, it } from "vitest";

import type { Course } from "@/lib/classroom/courses";
import type { Member } from "@/lib/classroom/rosters";

import { toMyCourses, toMyInvitation } from "./my-invitations-transforms";

const course = (id: string, ownerId: string, extra: Partial<Course> = {}): Course => ({
  id,
  name: `Course ${id}`,
  ownerId,
  state: "ACTIVE",
  ...extra,
});
const member = (userId: string, name: string, email?: string): Member => ({
  courseId: "c1",
  userId,
  profile: email ? { id: userId, name, email } : { id: userId, name },
});

describe("toMyInvitation", () => {
  const invitation = { id: "i1", courseId: "c1", userId: "me1", role: "OWNER" as const };

  it("lists the roster's teachers, owner first", () => {
    const r = toMyInvitation(
      invitation,
      course("c1", "u2", { section: "P5", link: "https://x" }),
      [member("u1", "Ann"), member("u2", "Bo", "bo@x.edu")],
      new Map(),
    );
    expect(r.teachers).toEqual([{ name: "Bo", email: "bo@x.edu" }, { name: "Ann" }]);
    expect(r.owner).toEqual({ name: "Bo", email: "bo@x.edu" });
    expect(r.course).toEqual({ id: "c1", name: "Course c1", section: "P5", state: "ACTIVE", link: "https://x" });
    expect(r.role).toBe("OWNER");
  });

  it("falls back to the owner's profile when the roster is hidden from invitees", () => {
    const r = toMyInvitation(invitation, course("c1", "u2"), null, new Map([["u2", { id: "u2", name: "Bo" }]]));
    expect(r.teachers).toEqual([{ name: "Bo" }]);
    expect(r.owner).toEqual({ name: "Bo" });
  });

  it("keeps an invitation whose class can't be read", () => {
    const r = toMyInvitation(invitation, null, null, new Map());
    expect(r).toEqual({ id: "i1", courseId: "c1", role: "OWNER", course: null, teachers: [], owner: null });
  });
});

describe("toMyCourses", () => {
  it("marks owned classes, then co-taught, then attended, once each", () => {
    const r = toMyCourses(
      [course("a", "me"), course("b", "other")],
      [course("b", "other"), course("c", "other")],
      "me",
    );
    expect(r.map((c) => [c.id, c.role])).toEqual([
      ["a", "OWNER"],
      ["b", "TEACHER"],
      ["c", "STUDENT"],
    ]);
  });
  it("without my id, every taught class is a co-teaching one", () => {
    expect(toMyCourses([course("a", "me")], [], null)[0]?.role).toBe("TEACHER");
  });
});
