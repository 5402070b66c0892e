// A change of role is a delete and a create; a change Classroom would refuse must be found
// before the delete, so the invitation keeps its id (and the invitee gets no second email).
import { describe, expect, it } from "vitest";
import { freshInvitee, freshInvitees, refusal, setupLibEmulator } from "@/lib/test/emulator";

import { changeInvitationRole, createInNewRole } from "./change-role";
import { createInvitation } from "./create-invitations";

const OWNER = "teacher@northwood.edu";
const CO_TEACHER = "teacher2@northwood.edu";
const lib = setupLibEmulator([OWNER, CO_TEACHER]);
const teacher = () => lib.token(OWNER);

async function deletes() {
  const log = await lib.emu.control<{ method: string; path: string }[]>("GET", "/requests");
  return log.filter((r) => r.method === "DELETE" && r.path.startsWith("/v1/invitations/"));
}

async function pendingStudent() {
  const { course, invitee } = freshInvitee(await lib.emu.state(), OWNER);
  const { invitation: inv } = await createInvitation(teacher(), {
    courseId: course.id,
    userId: invitee.email,
    role: "STUDENT",
  });
  await lib.emu.control("DELETE", "/requests");
  return { course, invitee, inv };
}

describe("changeInvitationRole", () => {
  it("refuses STUDENT → OWNER before deleting anything (only a co-teacher can become owner)", async () => {
    const { course, invitee, inv } = await pendingStudent();
    const e = await refusal(
      changeInvitationRole(teacher(), "teacher", {
        invitationId: inv.id,
        courseId: course.id,
        userId: invitee.id,
        fromRole: "STUDENT",
        toRole: "OWNER",
      }),
    );
    expect(e.code).toBe("INELIGIBLE_OWNER");
    expect(await deletes()).toHaveLength(0);
    const after = (await lib.emu.state()).invitations.filter((i) => i.userId === invitee.id);
    expect(after).toEqual([expect.objectContaining({ id: inv.id, role: "STUDENT" })]);
  });

  it("changes STUDENT → TEACHER as a delete and a create", async () => {
    const { course, invitee, inv } = await pendingStudent();
    const changed = await changeInvitationRole(teacher(), "teacher", {
      invitationId: inv.id,
      courseId: course.id,
      userId: invitee.id,
      fromRole: "STUDENT",
      toRole: "TEACHER",
    });
    expect(changed.invitation.role).toBe("TEACHER");
    expect(changed.invitation.id).not.toBe(inv.id);
    expect(await deletes()).toHaveLength(1);
  });

  it("the create that settles a lost answer takes the same access decision: a co-teacher may not make an owner", async () => {
    const s = await lib.emu.state();
    const me = s.users.find((u) => u.email === CO_TEACHER)!;
    const course = s.courses.find(
      (c) => c.courseState === "ACTIVE" && c.ownerId !== me.id && c.teacherIds.includes(me.id),
    )!;
    const [first, second] = freshInvitees(s, course);
    const outcomes = await createInNewRole(lib.token(CO_TEACHER), "teacher", [
      { courseId: course.id, userId: first!.email, fromRole: "STUDENT", toRole: "OWNER" },
      { courseId: course.id, userId: second!.email, fromRole: "STUDENT", toRole: "TEACHER" },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.invitation.role : o.error.code))).toEqual(["FORBIDDEN", "TEACHER"]);
    const log = await lib.emu.control<{ method: string; path: string }[]>("GET", "/requests");
    expect(log.filter((r) => r.method === "POST" && r.path === "/v1/invitations")).toHaveLength(1);
  });
});
