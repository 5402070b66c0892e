// A change of role is a delete and a create; a change Classroom would refuse must be found
// before the delete, so the invitation keeps its id (and the invitee gets no second email).
import { describe, expect, it } from "vitest";
import { freshInvitee, refusal, setupLibEmulator } from "@/lib/test/emulator";

import { changeInvitationRole } from "./change-role";
import { createInvitation } from "./create-invitations";

const OWNER = "teacher@northwood.edu";
const lib = setupLibEmulator([OWNER]);
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
});
