import { describe, expect, it } from "vitest";
import { AppError, classifyError, isDailyInvitationLimit } from "@/lib/google/errors";
import { InvitationExistsError } from "./create-invitations";
import { isOutcomeUnknown, membershipSatisfies, toInvitation } from "./invitations";

describe("toInvitation", () => {
  it("keeps the four fields", () => {
    expect(toInvitation({ id: "9", courseId: "1", userId: "42", role: "TEACHER" })).toEqual({
      id: "9",
      courseId: "1",
      userId: "42",
      role: "TEACHER",
    });
  });

  it("drops unknown extra fields", () => {
    const raw = { id: "9", courseId: "1", userId: "42", role: "OWNER", extra: "x" } as Parameters<
      typeof toInvitation
    >[0];
    expect(Object.keys(toInvitation(raw)!)).toEqual(["id", "courseId", "userId", "role"]);
  });

  it.each([
    { courseId: "1", userId: "42", role: "STUDENT" },
    { id: "9", userId: "42", role: "STUDENT" },
    { id: "9", courseId: "1", role: "STUDENT" },
    { id: "9", courseId: "1", userId: "42", role: "COURSE_ROLE_UNSPECIFIED" },
    { id: "9", courseId: "1", userId: "42", role: null },
  ])("returns null for a malformed record %#", (raw) => {
    expect(toInvitation(raw)).toBeNull();
  });
});

describe("membershipSatisfies", () => {
  it.each([
    [null, "STUDENT", false],
    ["STUDENT", "STUDENT", true],
    ["TEACHER", "STUDENT", true],
    ["STUDENT", "TEACHER", false],
    ["TEACHER", "TEACHER", true],
    ["OWNER", "TEACHER", true],
    ["TEACHER", "OWNER", false],
    ["OWNER", "OWNER", true],
  ] as const)("%s satisfies %s: %s", (membership, role, expected) => {
    expect(membershipSatisfies(membership, role)).toBe(expected);
  });
});

describe("isOutcomeUnknown", () => {
  it("is true only where a POST may have landed", () => {
    expect(isOutcomeUnknown(new AppError({ code: "NETWORK" }))).toBe(true);
    expect(isOutcomeUnknown(new AppError({ code: "TIMEOUT" }))).toBe(true);
    expect(isOutcomeUnknown(new AppError({ code: "UNAVAILABLE", httpStatus: 503 }))).toBe(true);
    expect(isOutcomeUnknown(new AppError({ code: "INTERNAL", httpStatus: 500 }))).toBe(true);
    expect(isOutcomeUnknown(new AppError({ code: "RATE_LIMITED", httpStatus: 429 }))).toBe(false);
    expect(isOutcomeUnknown(new AppError({ code: "ALREADY_EXISTS", httpStatus: 409 }))).toBe(false);
    expect(isOutcomeUnknown(new AppError({ code: "CANCELLED" }))).toBe(false);
  });
});

describe("InvitationExistsError", () => {
  it("names the existing role in its message", () => {
    const e = new InvitationExistsError({ id: "9", courseId: "1", userId: "42", role: "TEACHER" });
    expect(e.code).toBe("ALREADY_EXISTS");
    expect(e.userMessage).toContain("as a co-teacher");
    expect(e.existing?.id).toBe("9");
    expect(e).toBeInstanceOf(AppError);
  });

  it("falls back to the table text without one", () => {
    expect(new InvitationExistsError(undefined).userMessage).toMatch(/^This person already has a pending invitation/);
  });
});

describe("isDailyInvitationLimit", () => {
  // Google's signal is the @UserInvitationQuotaExhausted reason; its per-minute quota refusals
  // carry no Retry-After either, so the header's absence says nothing.
  const refusal = (message: string) =>
    classifyError({
      response: { status: 429, data: { error: { code: 429, message, status: "RESOURCE_EXHAUSTED" } }, headers: {} },
    });
  it("is Google's @UserInvitationQuotaExhausted reason, not a 429 without Retry-After", () => {
    expect(isDailyInvitationLimit(refusal("@UserInvitationQuotaExhausted The user does not have enough quota."))).toBe(
      true,
    );
    expect(isDailyInvitationLimit(refusal("Quota exceeded for quota metric 'Queries'"))).toBe(false);
    expect(isDailyInvitationLimit(new AppError({ code: "RATE_LIMITED", httpStatus: 429 }))).toBe(false);
    expect(isDailyInvitationLimit(new AppError({ code: "JOIN_RATE_LIMITED", httpStatus: 429 }))).toBe(false);
  });
});
