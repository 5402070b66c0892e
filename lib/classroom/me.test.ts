import { describe, expect, it } from "vitest";
import { decideRole, type RoleSignals } from "./me";

const ids = (...xs: string[]) => xs.map((id) => ({ id }));
const base: RoleSignals = { visible: [], teaching: [], enrolled: [], canCreateCourses: false, verifiedTeacher: false };

describe("decideRole", () => {
  it("admin: sees a course they neither teach nor attend", () => {
    expect(decideRole({ ...base, visible: ids("1", "2", "3"), teaching: ids("1") })).toBe("admin");
    expect(decideRole({ ...base, visible: ids("9") })).toBe("admin");
  });

  it("teacher: teaches a course", () => {
    expect(decideRole({ ...base, visible: ids("1", "2"), teaching: ids("1"), enrolled: ids("2") })).toBe("teacher");
  });

  it("teacher: may create courses or is a verified teacher, even with no course", () => {
    expect(decideRole({ ...base, canCreateCourses: true })).toBe("teacher");
    expect(decideRole({ ...base, verifiedTeacher: true })).toBe("teacher");
  });

  it("student otherwise", () => {
    expect(decideRole({ ...base, visible: ids("1"), enrolled: ids("1") })).toBe("student");
    expect(decideRole(base)).toBe("student");
  });
});
