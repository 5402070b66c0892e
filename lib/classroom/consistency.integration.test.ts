// "Answer lost → list to reconcile" under Classroom's eventual consistency: the emulator's
// consistencyLagMs makes reads lag writes; the reconcile re-reads within a bound, ends in the
// truth, and never sends the write twice.
import { beforeEach, describe, expect, it } from "vitest";
import { freshInvitee, pendingStudentInvitation, setupLibEmulator } from "@/lib/test/emulator";
import type { EmulatorState } from "@/lib/test/emulator";
import { createInvitation, createInvitations, type CreateRow } from "./create-invitations";
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

  describe("a bulk run (reposts as a job sends them)", () => {
    /** `n` fresh (class, person) pairs in the teacher's ACTIVE classes. */
    function freshRows(st: EmulatorState, n: number): CreateRow[] {
      const me = st.users.find((u) => u.email === "teacher@northwood.edu")!;
      const rows: CreateRow[] = [];
      for (const c of st.courses.filter((x) => x.ownerId === me.id && x.courseState === "ACTIVE")) {
        for (const u of st.users) {
          if (rows.length === n) return rows;
          const taken =
            !u.email.endsWith("@northwood.edu") ||
            u.disabled ||
            u.isAdmin ||
            c.studentIds.includes(u.id) ||
            c.teacherIds.includes(u.id) ||
            st.invitations.some((i) => i.courseId === c.id && i.userId === u.id);
          if (!taken) rows.push({ courseId: c.id, userId: u.email, role: "STUDENT" });
        }
      }
      throw new Error(`only ${rows.length} fresh pairs`);
    }

    async function duplicatesAndCounts(rows: readonly CreateRow[]) {
      const st = await lib.emu.state();
      const idOf = new Map(st.users.map((u) => [u.email, u.id]));
      const counts = rows.map(
        (r) => st.invitations.filter((i) => i.courseId === r.courseId && i.userId === idOf.get(r.userId)).length,
      );
      return { landed: counts.filter((n) => n === 1).length, duplicates: counts.filter((n) => n > 1).length };
    }

    it("lost answers re-read inside the lag: every row reconciled as created, none re-posted, 0 duplicates", async () => {
      const rows = freshRows(await lib.emu.state(), 20);
      await lib.emu.faults([{ method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 }]);
      await lib.emu.control("DELETE", "/requests");
      const outcomes = await createInvitations(lib.token("teacher@northwood.edu"), rows, { ...opts, reposts: 2 });
      expect(outcomes.map((o) => o.ok && o.reconciled && !o.alreadyInvited)).toEqual(rows.map(() => true));
      expect(await posts(/^\/v1\/invitations$/)).toHaveLength(rows.length);
      expect(await duplicatesAndCounts(rows)).toEqual({ landed: rows.length, duplicates: 0 });
    });

    it("a lag longer than the re-read bound: the re-post's ALREADY_EXISTS is ours, never someone else's, 0 duplicates", async () => {
      const rows = freshRows(await lib.emu.state(), 10);
      await lib.emu.control("PUT", "/config", { consistencyLagMs: 1_500 });
      await lib.emu.faults([{ method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 }]);
      const short = { ...opts, reread: { windowMs: 200, intervalMs: 100 }, reposts: 2 };
      const outcomes = await createInvitations(lib.token("teacher@northwood.edu"), rows, short);
      // Each row is either settled as created by us, or still unknown (retryable): never "already invited".
      for (const o of outcomes) {
        if (o.ok) expect(o).toMatchObject({ reconciled: true, alreadyInvited: false });
        else expect(o.error).toMatchObject({ retryable: true });
      }
      expect(await duplicatesAndCounts(rows)).toEqual({ landed: rows.length, duplicates: 0 });

      // Once the lag has passed, sending the unsettled rows again finds them: nothing new is made.
      const open = rows.filter((_, i) => !outcomes[i]!.ok);
      await new Promise((r) => setTimeout(r, 1_600));
      const again = await createInvitations(lib.token("teacher@northwood.edu"), open, short);
      expect(again.every((o) => o.ok)).toBe(true);
      expect(await duplicatesAndCounts(rows)).toEqual({ landed: rows.length, duplicates: 0 });
    });
  });
});
