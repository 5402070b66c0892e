import { describe, expect, it } from "vitest";

import { createChangeRoleJobSchema } from "./jobs.schemas";

describe("createChangeRoleJobSchema", () => {
  const student = { id: "inv1", courseId: "101", userId: "1234567890", role: "STUDENT" };
  const teacher = { id: "inv2", courseId: "101", userId: "1234567891", role: "TEACHER" };

  it("takes one invitation or a selection, with the new role", () => {
    expect(createChangeRoleJobSchema.safeParse({ invitations: [student], toRole: "TEACHER" }).success).toBe(true);
    expect(createChangeRoleJobSchema.safeParse({ invitations: [student, teacher], toRole: "OWNER" }).success).toBe(
      true,
    );
  });

  it("refuses a selection holding an invitation that already has the new role: that would be a resend", () => {
    const r = createChangeRoleJobSchema.safeParse({ invitations: [student, teacher], toRole: "TEACHER" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["toRole"]);
  });
});
