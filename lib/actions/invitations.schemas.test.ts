import { describe, expect, it } from "vitest";

import {
  changeRoleSchema,
  createInvitationSchema,
  MAX_REVOKE,
  previewBulkInviteSchema,
  revokeInvitationsSchema,
} from "./invitations.schemas";

describe("createInvitationSchema", () => {
  it("normalises the email and accepts ids and aliases", () => {
    expect(
      createInvitationSchema.parse({ email: " Priya@Northwood.EDU ", courseId: "d:algebra1-p1", role: "STUDENT" }),
    ).toEqual({
      email: "priya@northwood.edu",
      courseId: "d:algebra1-p1",
      role: "STUDENT",
    });
  });
  it.each([
    [{ email: "nope", courseId: "1", role: "STUDENT" }, "email"],
    [{ email: "a@x.edu", courseId: "", role: "STUDENT" }, "courseId"],
    [{ email: "a@x.edu", courseId: "../../v1/courses", role: "STUDENT" }, "courseId"],
    [{ email: "a@x.edu", courseId: "1", role: "COURSE_ROLE_UNSPECIFIED" }, "role"],
    [{ email: "a@x.edu", courseId: "1" }, "role"],
    [{ email: 42, courseId: "1", role: "STUDENT" }, "email"],
  ])("refuses %j at %s", (input, path) => {
    const r = createInvitationSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.some((i) => i.path[0] === path)).toBe(true);
  });
  it("ignores extra fields such as a client-sent inviter", () => {
    const r = createInvitationSchema.parse({ email: "a@x.edu", courseId: "1", role: "OWNER", inviter: "admin@x.edu" });
    expect(r).not.toHaveProperty("inviter");
  });
});

describe("revokeInvitationsSchema", () => {
  it(`takes 1..${MAX_REVOKE} ids`, () => {
    expect(revokeInvitationsSchema.safeParse({ ids: [] }).success).toBe(false);
    expect(revokeInvitationsSchema.safeParse({ ids: ["a1"] }).success).toBe(true);
    expect(
      revokeInvitationsSchema.safeParse({ ids: Array.from({ length: MAX_REVOKE }, (_, i) => `i${i}`) }).success,
    ).toBe(true);
    expect(
      revokeInvitationsSchema.safeParse({ ids: Array.from({ length: MAX_REVOKE + 1 }, (_, i) => `i${i}`) }).success,
    ).toBe(false);
    expect(revokeInvitationsSchema.safeParse({ ids: ["a/b"] }).success).toBe(false);
  });
});

describe("changeRoleSchema", () => {
  const ok = { invitationId: "inv1", courseId: "101", userId: "1234567890", fromRole: "STUDENT", toRole: "TEACHER" };
  it("accepts numeric ids and emails for the invitee", () => {
    expect(changeRoleSchema.safeParse(ok).success).toBe(true);
    expect(changeRoleSchema.safeParse({ ...ok, userId: "kid@x.edu" }).success).toBe(true);
    expect(changeRoleSchema.safeParse({ ...ok, userId: "me" }).success).toBe(false);
  });
  it("refuses a change to the same role", () => {
    const r = changeRoleSchema.safeParse({ ...ok, toRole: "STUDENT" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["toRole"]);
  });
});

describe("bulk schemas", () => {
  it("accepts raw rows for the preview, unvalidated", () => {
    expect(previewBulkInviteSchema.safeParse({ rows: [{ line: 2, email: "not an email", course: "" }] }).success).toBe(
      true,
    );
    expect(previewBulkInviteSchema.safeParse({ rows: [] }).success).toBe(false);
  });
});
