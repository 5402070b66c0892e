import { describe, expect, it } from "vitest";
import { classifyError } from "./errors";
import { bindQuotaKey, quotaKeyFor, refundAndBackOff } from "./quota";
import { QuotaScheduler } from "./scheduler";

const quota429 = (message: string, headers: Record<string, string> = {}) =>
  classifyError({
    response: { status: 429, data: { error: { code: 429, message, status: "RESOURCE_EXHAUSTED" } }, headers },
  });

describe("quota keys", () => {
  it("uses the bound owner, else a fingerprint that doesn't contain the token", () => {
    expect(quotaKeyFor("ya29.secret-a")).toMatch(/^token:/);
    expect(quotaKeyFor("ya29.secret-a")).not.toContain("secret");
    expect(quotaKeyFor("ya29.secret-a")).toBe(quotaKeyFor("ya29.secret-a"));
    expect(quotaKeyFor("ya29.secret-a")).not.toBe(quotaKeyFor("ya29.secret-b"));
    bindQuotaKey("ya29.secret-c", "user-42");
    expect(quotaKeyFor("ya29.secret-c")).toBe("user:user-42");
  });
});

describe("refundAndBackOff", () => {
  const leaseSpy = () => {
    const refunds: number[] = [];
    return { refunds, lease: { refund: (n: number) => void refunds.push(n) } };
  };

  it("refunds one unit per quota refusal and holds the named scope", () => {
    const s = new QuotaScheduler({ maxConcurrency: 4 });
    const { refunds, lease } = leaseSpy();
    const user = quota429("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'");
    const other = classifyError({ response: { status: 503, data: {}, headers: {} } });
    expect(refundAndBackOff(s, "u", lease, [user, user, other])).toBe(2);
    expect(refunds).toEqual([2]);
    expect(s.stats().rateLimited).toBe(1);
    expect(s.remaining("u")).toBe(0); // held
    expect(s.remaining("v")).toBeGreaterThan(0); // a user quota holds only that user
  });

  it("holds everyone for the project quota, and refunds a whole refused batch", () => {
    const s = new QuotaScheduler({ maxConcurrency: 4 });
    const { refunds, lease } = leaseSpy();
    const client = quota429("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute'");
    expect(refundAndBackOff(s, "u", lease, [client], 50)).toBe(50);
    expect(refunds).toEqual([50]);
    expect(s.remaining("v")).toBe(0);
  });

  it("does nothing for daily caps: they are not per-minute refusals", () => {
    const s = new QuotaScheduler({ maxConcurrency: 4 });
    const { refunds, lease } = leaseSpy();
    const cap = quota429("@UserInvitationQuotaExhausted The user does not have enough quota to invite users.");
    const join = quota429("@UserCourseJoinRateLimitReached The user has joined too many courses today.");
    expect(refundAndBackOff(s, "u", lease, [cap, join])).toBe(0);
    expect(refunds).toEqual([]);
    expect(s.stats().rateLimited).toBe(0);
  });
});
