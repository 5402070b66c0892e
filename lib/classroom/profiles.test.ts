import { describe, expect, it } from "vitest";
import { toProfile } from "./profiles";
import { toMember } from "./rosters";

describe("toProfile", () => {
  it("uses fullName, email and an absolute photo URL", () => {
    expect(
      toProfile({
        id: "42",
        name: { fullName: "Priya Raman", givenName: "Priya", familyName: "Raman" },
        emailAddress: "student@northwood.edu",
        photoUrl: "//lh3.googleusercontent.com/a/photo",
        permissions: [{ permission: "CREATE_COURSE" }],
        verifiedTeacher: false,
      }),
    ).toEqual({
      id: "42",
      name: "Priya Raman",
      email: "student@northwood.edu",
      photoUrl: "https://lh3.googleusercontent.com/a/photo",
    });
  });

  it("falls back to given + family, then email, then id", () => {
    expect(toProfile({ id: "1", name: { givenName: "Ana", familyName: "Lee" } })?.name).toBe("Ana Lee");
    expect(toProfile({ id: "1", emailAddress: "a@b.c" })?.name).toBe("a@b.c");
    expect(toProfile({ id: "1" })).toEqual({ id: "1", name: "1" });
  });

  it("keeps names with markup as plain data (React escapes on render)", () => {
    expect(toProfile({ id: "1", name: { fullName: '<img src=x onerror="1">' } })?.name).toBe('<img src=x onerror="1">');
  });

  it("returns null without an id", () => {
    expect(toProfile({ name: { fullName: "x" } })).toBeNull();
  });
});

describe("toMember", () => {
  it("joins the roster entry and its profile", () => {
    expect(toMember({ courseId: "1", userId: "42", profile: { id: "42", name: { fullName: "P R" } } })).toEqual({
      courseId: "1",
      userId: "42",
      profile: { id: "42", name: "P R" },
    });
  });

  it("fills in the course id and a bare profile", () => {
    expect(toMember({ userId: "42" }, "1")).toEqual({ courseId: "1", userId: "42", profile: { id: "42", name: "42" } });
    expect(toMember({}, "1")).toBeNull();
  });
});
