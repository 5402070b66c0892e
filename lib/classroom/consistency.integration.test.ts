// "Answer lost → list to reconcile" under Classroom's eventual consistency: the emulator's
// consistencyLagMs makes reads lag writes; the reconcile re-reads within a bound, ends in the
// truth, and never sends the write twice.
import { beforeEach, describe, expect, it } from "vitest";
import { freshInvitee, pendingStudentInvitation, setupLibEmulator } from "@/lib/test/emulator";
import { createInvitation } from "./create-invitations";
import { acceptInvitation } from "./invitations";

const LAG_MS = 1_000;
/** Fast retries; the re-read window comfortably covers the lag. */
const opts = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, reread: { windowMs: 3_000, intervalMs: 100 } };

const lib = setupLibEmulator(["teacher@northwood.edu", "student@northwood.edu"]);
beforeEach(async () => {
  await lib.emu.control("PUT", "/config", { consistencyLagMs: LAG_MS });
});

const posts = async (re: RegExp) =>
  (await lib.emu.control<{ method: string; path: string }[]>("GET", "/requests")).filter(
    (r) => r.method === "POST" && re.test(r.path),
  );

describe("reconcile under consistencyLagMs", () => {
  it("a create whose answer was lost ends reconciled with the one invitation, sent once", async () => {
    const { course, invitee } = freshInvitee(await lib.emu.state(), "teacher@northwood.edu");
    await lib.emu.faults([{ method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 }]);
    const { invitation, reconciled } = await createInvitation(
      lib.token("teacher@northwood.edu"),
      { courseId: course.id, userId: invitee.email, role: "STUDENT" },
      opts,
    );
    expect(reconciled).toBe(true);
    const truth = (await lib.emu.state()).invitations.filter(
      (i) => i.courseId === course.id && i.userId === invitee.id,
    );
    expect(truth).toEqual([{ id: invitation.id, courseId: course.id, userId: invitee.id, role: "STUDENT" }]);
    expect(await posts(/^\/v1\/invitations$/)).toHaveLength(1);
  });

  it("an accept whose answer was lost ends as joined, enrolled once, sent once", async () => {
    const { me, inv } = pendingStudentInvitation(await lib.emu.state(), "student@northwood.edu");
    await lib.emu.faults([{ method: "POST", path: ":accept$", dropAfterCommit: true, times: 1 }]);
    await expect(
      acceptInvitation(
        lib.token("student@northwood.edu"),
        { id: inv.id, courseId: inv.courseId, role: "STUDENT" },
        opts,
      ),
    ).resolves.toEqual({ alreadyMember: true });
    const course = (await lib.emu.state()).courses.find((c) => c.id === inv.courseId)!;
    expect(course.studentIds.filter((id) => id === me.id)).toHaveLength(1);
    expect(await posts(/:accept$/)).toHaveLength(1);
  });
});
