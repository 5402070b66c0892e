import { describe, expect, it } from "vitest";

import { AppError, APP_ERRORS, type AppErrorCode } from "@/lib/google/errors";

import { ACCEPT_MESSAGES, DECLINE_MESSAGES, forInvitee } from "./my-invitations-messages";

// Every documented accept error gets a clear message for the invitee.
const ACCEPT_CODES: AppErrorCode[] = [
  "COURSE_MEMBER_LIMIT_REACHED",
  "COURSE_TEACHER_LIMIT_REACHED",
  "COURSE_NOT_MODIFIABLE",
  "USER_GROUPS_LIMIT_REACHED",
  "PERMISSION_DENIED",
  "INVITATION_NOT_FOUND",
  "NOT_FOUND",
];

describe("forInvitee", () => {
  it.each(ACCEPT_CODES)("%s has its own invitee text, and keeps code and reference", (code) => {
    const original = new AppError({ code, httpStatus: 400, reason: "X", correlationId: "ref-1" });
    const mapped = forInvitee(original, ACCEPT_MESSAGES);
    expect(mapped.code).toBe(code);
    expect(mapped.correlationId).toBe("ref-1");
    expect(mapped.userMessage).toBe(ACCEPT_MESSAGES[code]);
    expect(mapped.userMessage).not.toBe(APP_ERRORS[code].message);
  });

  it("leaves codes without invitee text alone", () => {
    const original = new AppError({ code: "UNAVAILABLE" });
    expect(forInvitee(original, ACCEPT_MESSAGES)).toBe(original);
  });

  it("explains a refused decline with what to do instead", () => {
    const mapped = forInvitee(new AppError({ code: "PERMISSION_DENIED", httpStatus: 403 }), DECLINE_MESSAGES);
    expect(mapped.userMessage).toMatch(/ignore it/);
    expect(mapped.userMessage).toMatch(/ask the teacher to revoke it/);
  });

  it("never words a course-full error as if the reader managed the class", () => {
    expect(ACCEPT_MESSAGES.COURSE_MEMBER_LIMIT_REACHED).not.toMatch(/Remove people/);
  });
});
