import { describe, expect, it } from "vitest";

import { APP_ERRORS } from "@/lib/google/error-codes";

import { activityOutcomeText, parseActivitySearch } from "./activity";

const params = (q: Record<string, string>) => new URLSearchParams(q);

describe("activity outcomes as sentences", () => {
  it("uses the error's own sentence, never the raw code", () => {
    const text = activityOutcomeText({
      outcome: "error",
      errorCode: "PENDING_INVITATION_EXISTS",
      action: "bulk.invite",
    });
    expect(text).toBe(APP_ERRORS.PENDING_INVITATION_EXISTS.message);
    expect(text).not.toContain("PENDING_INVITATION_EXISTS");
    expect(activityOutcomeText({ outcome: "error", errorCode: "FORBIDDEN", action: "invitation.create" })).toMatch(
      /classes you teach/,
    );
    expect(activityOutcomeText({ outcome: "error", errorCode: "SOMETHING_NEW", action: "invitation.create" })).toBe(
      "It failed for a reason the dashboard could not name.",
    );
  });

  it("says what a revoke of an invitation already gone means", () => {
    expect(activityOutcomeText({ outcome: "ok", errorCode: "NOT_FOUND", action: "bulk.revoke" })).toMatch(
      /already been accepted, revoked or replaced/,
    );
    expect(activityOutcomeText({ outcome: "ok", errorCode: null, action: "invitation.create" })).toBe("Succeeded.");
  });

  it("counts a run's rows with plural-aware nouns", () => {
    const run = (count: number, ok: number) =>
      activityOutcomeText({
        outcome: ok === count ? "ok" : "error",
        errorCode: null,
        action: "bulk.invite",
        run: { count, ok },
      });
    expect(run(12, 12)).toBe("All 12 rows succeeded.");
    expect(run(12, 10)).toBe("10 of 12 rows succeeded; 2 failed.");
    expect(run(2, 0)).toBe("All 2 rows failed.");
    expect(run(1, 1)).toBe("Succeeded.");
  });
});

describe("parseActivitySearch", () => {
  it("keeps real calendar days for the date range and drops the rest", () => {
    expect(parseActivitySearch(params({ from: "2026-03-01", to: "2026-03-31" }))).toEqual({
      from: "2026-03-01",
      to: "2026-03-31",
    });
    expect(parseActivitySearch(params({ from: "2026-02-31", to: "yesterday" }))).toEqual({});
    expect(parseActivitySearch(params({ from: "2026-13-45" }))).toEqual({});
  });

  it("keeps a partial 'done by', lower-cased", () => {
    expect(parseActivitySearch(params({ actor: "  Marisol " }))).toEqual({ actor: "marisol" });
  });
});
