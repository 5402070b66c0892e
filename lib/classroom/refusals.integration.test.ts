// Every refusal Google documents for the calls the dashboard makes, produced by the emulator
// (fault rules with a "@Reason", or the real rule where the emulator models it) and read
// through lib/classroom as the app reads them: the right code, our own text, no retry of a
// refusal that no retry clears.
import { describe, expect, it } from "vitest";
import { freshInvitee, pendingStudentInvitation, refusal, setupLibEmulator } from "@/lib/test/emulator";
import { APP_ERRORS, type AppError, type AppErrorCode } from "@/lib/google/errors";
import { listCourses } from "./courses";
import { createInvitation } from "./create-invitations";
import { acceptInvitation } from "./invitations";

const lib = setupLibEmulator(["teacher@northwood.edu", "student@northwood.edu", "guest@riverside-academy.org"]);
const teacher = () => lib.token("teacher@northwood.edu");
const student = () => lib.token("student@northwood.edu");
const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

function expectCode(e: AppError, code: AppErrorCode) {
  expect(e.code).toBe(code);
  expect(e.userMessage).toBe(APP_ERRORS[code].message);
}

async function requestsTo(pathRe: RegExp, method: string) {
  const log = await lib.emu.control<{ method: string; path: string }[]>("GET", "/requests");
  return log.filter((r) => r.method === method && pathRe.test(r.path));
}

async function fixtures() {
  const s = await lib.emu.state();
  return { ...freshInvitee(s, "teacher@northwood.edu"), inv: pendingStudentInvitation(s, "student@northwood.edu").inv };
}

describe("refusals Google documents, read through lib/classroom", () => {
  it("@ClassroomApiDisabled on a read → CLASSROOM_API_DISABLED, not retried", async () => {
    await lib.emu.faults([{ method: "GET", path: "^/v1/courses", reason: "@ClassroomApiDisabled" }]);
    expectCode(await refusal(listCourses(teacher(), { teacherId: "me" }, fast)), "CLASSROOM_API_DISABLED");
    expect(await requestsTo(/^\/v1\/courses/, "GET")).toHaveLength(1);
  });

  it("@ClassroomDisabled on a read → CLASSROOM_DISABLED", async () => {
    await lib.emu.faults([{ method: "GET", path: "^/v1/courses", reason: "@ClassroomDisabled" }]);
    expectCode(await refusal(listCourses(student(), { studentId: "me" }, fast)), "CLASSROOM_DISABLED");
  });

  it("@UserInIllegalDomain on create → DOMAIN_NOT_ALLOWED", async () => {
    const { course, invitee } = await fixtures();
    await lib.emu.faults([{ method: "POST", path: "^/v1/invitations$", reason: "@UserInIllegalDomain" }]);
    const e = await refusal(
      createInvitation(teacher(), { courseId: course.id, userId: invitee.email, role: "STUDENT" }),
    );
    expectCode(e, "DOMAIN_NOT_ALLOWED");
  });

  it("joinPolicy DOMAIN_ONLY: inviting a partner-domain account is refused before anything is created", async () => {
    const { course } = await fixtures();
    await lib.emu.control("PUT", "/config", { joinPolicy: "DOMAIN_ONLY" });
    const e = await refusal(
      createInvitation(teacher(), { courseId: course.id, userId: "m.santos@riverside-academy.org", role: "STUDENT" }),
    );
    expectCode(e, "DOMAIN_NOT_ALLOWED");
  });

  it("joinPolicy DOMAIN_ONLY: an accept refused by the domain's setting gets the plain explanation", async () => {
    const s = await lib.emu.state();
    const guestId = s.users.find((u) => u.email === "guest@riverside-academy.org")!.id;
    const inv = s.invitations.find((i) => i.userId === guestId)!;
    await lib.emu.control("PUT", "/config", { joinPolicy: "DOMAIN_ONLY" });
    const guest = lib.token("guest@riverside-academy.org");
    const e = await refusal(
      acceptInvitation(guest, { id: inv.id, courseId: inv.courseId, role: inv.role as "TEACHER" }),
    );
    expectCode(e, "DOMAIN_NOT_ALLOWED");
    expect(e.userMessage).toMatch(/only lets accounts from certain domains join its classes/);
  });

  it("@InactiveCourseOwner on accept → INACTIVE_COURSE_OWNER, the invitation stays", async () => {
    const { inv } = await fixtures();
    await lib.emu.faults([{ method: "POST", path: ":accept$", reason: "@InactiveCourseOwner" }]);
    const e = await refusal(acceptInvitation(student(), { id: inv.id, courseId: inv.courseId, role: "STUDENT" }));
    expectCode(e, "INACTIVE_COURSE_OWNER");
    expect((await lib.emu.state()).invitations.some((i) => i.id === inv.id)).toBe(true);
  });

  it("@UserCourseJoinRateLimitReached on accept → JOIN_RATE_LIMITED, sent once", async () => {
    const { inv } = await fixtures();
    await lib.emu.faults([{ method: "POST", path: ":accept$", reason: "@UserCourseJoinRateLimitReached" }]);
    const e = await refusal(acceptInvitation(student(), { id: inv.id, courseId: inv.courseId, role: "STUDENT" }));
    expectCode(e, "JOIN_RATE_LIMITED");
    expect(e.retryable).toBe(false);
    expect(await requestsTo(/:accept$/, "POST")).toHaveLength(1);
  });

  it("a per-minute quota refusal on create (no Retry-After) is RATE_LIMITED, never the daily cap", async () => {
    const { course, invitee } = await fixtures();
    await lib.emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 429, times: 1 }]);
    const e = await refusal(
      createInvitation(teacher(), { courseId: course.id, userId: invitee.email, role: "STUDENT" }),
    );
    expectCode(e, "RATE_LIMITED");
    expect(e.retryAfterMs).toBeUndefined();
    expect(e.quota).toEqual({ scope: "user", named: true });
  });

  it("the daily cap on create (Google's @UserInvitationQuotaExhausted) is INVITATION_QUOTA_REACHED", async () => {
    const { course, invitee } = await fixtures();
    await lib.emu.control("PUT", "/config", { quotas: { invitationsPerTeacherPerDay: 0 } });
    const e = await refusal(
      createInvitation(teacher(), { courseId: course.id, userId: invitee.email, role: "STUDENT" }),
    );
    expectCode(e, "INVITATION_QUOTA_REACHED");
    expect(e.quota).toBeUndefined();
  });
});
