import { describe, expect, it } from "vitest";
import { toCourse, toCourseState } from "./courses";

describe("toCourse", () => {
  it("keeps what the UI renders", () => {
    expect(
      toCourse({
        id: "134529639",
        name: "Biology 10",
        section: "Period 2",
        ownerId: "116269102540619633451",
        courseState: "ACTIVE",
        alternateLink: "http://classroom.google.com/c/MTM0NTI5NjM5",
        creationTime: "2015-06-25T14:23:56.535Z",
        enrollmentCode: "6paeflo",
      } as Parameters<typeof toCourse>[0]),
    ).toEqual({
      id: "134529639",
      name: "Biology 10",
      section: "Period 2",
      ownerId: "116269102540619633451",
      state: "ACTIVE",
      link: "http://classroom.google.com/c/MTM0NTI5NjM5",
      createdAt: "2015-06-25T14:23:56.535Z",
    });
  });

  it("omits absent optional fields and names untitled classes", () => {
    expect(toCourse({ id: "1", name: "  ", ownerId: "7" })).toEqual({
      id: "1",
      name: "Untitled class",
      ownerId: "7",
      state: "UNSPECIFIED",
    });
  });

  it("returns null without an id", () => {
    expect(toCourse({ name: "x" })).toBeNull();
  });

  it("normalises states", () => {
    for (const s of ["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"]) expect(toCourseState(s)).toBe(s);
    expect(toCourseState("COURSE_STATE_UNSPECIFIED")).toBe("UNSPECIFIED");
    expect(toCourseState(undefined)).toBe("UNSPECIFIED");
  });
});
