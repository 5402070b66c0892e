import { describe, expect, it } from "vitest";
import { decideRole, type RoleSignals } from "./me";

const ids = (...xs: string[]) => xs.map((id) => ({ id }));
const base: RoleSignals = { me: "me-1", visible: [], teaching: [], enrolled: [] };
/** Visible courses owned by someone else. */
const others = (...xs: string[]) => xs.map((id) => ({ id, ownerId: "someone-else" }));

describe("decideRole", () => {
  it("admin: sees a course they neither teach nor attend", () => {
    expect(decideRole({ ...base, visible: others("1", "2", "3"), teaching: ids("1") })).toBe("admin");
    expect(decideRole({ ...base, visible: others("9") })).toBe("admin");
  });

  it("not admin: a visible course the caller owns is theirs, even when the teacherId=me read missed it", () => {
    // Created between the reads: the unfiltered list shows it, the earlier teacherId=me list did not.
    expect(decideRole({ ...base, visible: [{ id: "new", ownerId: "me-1" }], teaching: ids("1") })).toBe("teacher");
  });

  it("teacher: teaches a course", () => {
    expect(decideRole({ ...base, visible: others("1", "2"), teaching: ids("1"), enrolled: ids("2") })).toBe("teacher");
  });

  it("student: an account that teaches no class here (an external guest, even a verified teacher elsewhere)", () => {
    expect(decideRole({ ...base, visible: [] })).toBe("student");
  });

  it("student otherwise", () => {
    expect(decideRole({ ...base, visible: others("1"), enrolled: ids("1") })).toBe("student");
    expect(decideRole(base)).toBe("student");
  });
});
