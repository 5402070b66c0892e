// The lifecycle end to end, through the real Google client against the in-process emulator and
// the embedded database: a listing records what is pending, invitations leave Classroom in
// each way (accepted by the invitee, revoked, re-created for a change of role), the next listing
// notices them gone, Insights classifies them from the class members, and the history charts'
// numbers equal counts computed from the emulator's own state.
import { describe, expect, it } from "vitest";

import { pendingStudentInvitation, setupLibEmulator } from "@/lib/test/emulator";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "insights-integration-secret-insights-int0";

const { loadInvitationsSnapshot } = await import("./invitations");
const { classifyNoticedGone, loadHistory } = await import("./insights");
const { listLifecycle } = await import("@/lib/db/invitation-meta");
const { clearInvitationCache } = await import("@/lib/classroom/invitation-cache");
const { acceptInvitation } = await import("@/lib/classroom/invitations");
const { revokeInvitation } = await import("@/lib/classroom/revoke-invitations");
const { createInvitation } = await import("@/lib/classroom/create-invitations");
const { db } = await import("@/lib/db");
// Opening PGlite compiles its WASM build, seconds on a busy machine: done before the emulator
// starts, so no test or hook waits on it.
await (await db()).query("SELECT 1");

const ADMIN = "admin@northwood.edu";
const STUDENT = "student@northwood.edu";
const lib = setupLibEmulator([ADMIN, STUDENT]);
const admin = { id: "admin-1", email: ADMIN, role: "admin" as const };
const none = { q: "", course: "", role: "", state: "", owner: "", olderThan: "" };

describe("invitation lifecycle, observed", () => {
  it("accepted, revoked and replaced invitations are told apart and counted like the emulator's state", async () => {
    const before = await lib.emu.state();
    await loadInvitationsSnapshot(admin, lib.token(ADMIN));

    // Accepted by the invitee, in Classroom, not through the dashboard.
    const { inv: accepted } = pendingStudentInvitation(before, STUDENT);
    await acceptInvitation(lib.token(STUDENT), accepted);
    const others = before.invitations.filter((i) => i.courseId !== accepted.courseId && i.role === "STUDENT");
    // Revoked by an admin.
    const revoked = others[0]!;
    await revokeInvitation(lib.token(ADMIN), revoked.id);
    // Deleted and re-created for the same person: a change of role made outside the dashboard.
    const replaced = others.find((i) => i.courseId !== revoked.courseId)!;
    await revokeInvitation(lib.token(ADMIN), replaced.id);
    const { invitation: successor } = await createInvitation(lib.token(ADMIN), {
      courseId: replaced.courseId,
      userId: replaced.userId,
      role: "TEACHER",
    });

    const after = await lib.emu.state();
    clearInvitationCache();
    const snapshot = await loadInvitationsSnapshot(admin, lib.token(ADMIN));
    expect(snapshot.invitations).toHaveLength(after.invitations.length);
    await classifyNoticedGone(lib.token(ADMIN), snapshot);

    const records = await listLifecycle(Object.keys(snapshot.courses), new Date(0));
    const outcome = (id: string) => records.find((r) => r.invitationId === id)?.outcome;
    expect(outcome(accepted.id)).toBe("accepted");
    expect(outcome(revoked.id)).toBe("revoked");
    expect(outcome(replaced.id)).toBe("replaced");
    expect(outcome(successor.id)).toBeNull();

    // What the emulator's two states say: every invitation ever pending, less the replaced one
    // (its successor carries on); accepted = invitations gone whose invitee is now in the class.
    const ids = new Set([...before.invitations, ...after.invitations].map((i) => i.id));
    const stillPending = new Set(after.invitations.map((i) => i.id));
    const goneToMembers = before.invitations.filter((i) => {
      const c = after.courses.find((x) => x.id === i.courseId)!;
      return !stillPending.has(i.id) && [...c.studentIds, ...c.teacherIds].includes(i.userId);
    });
    const history = await loadHistory(snapshot, none);
    const thisWeek = history.weeks.at(-1)!;
    expect(thisWeek.invited).toBe(ids.size - 1);
    expect(thisWeek.accepted).toBe(goneToMembers.length);
    expect(history.ended).toEqual({ accepted: goneToMembers.length, revoked: 1, replaced: 1 });
    expect(history.overall?.count).toBe(1);
    expect(history.byClass.map((b) => [b.key, b.detail])).toEqual([[accepted.courseId, "1"]]);

    // The filters narrow the history like the list: another class has no acceptance.
    const elsewhere = await loadHistory(snapshot, { ...none, course: revoked.courseId });
    expect(elsewhere.overall).toBeNull();
    expect(elsewhere.ended.revoked).toBe(1);
  }, 30_000);
});
