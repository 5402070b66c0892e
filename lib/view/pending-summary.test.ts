import { describe, expect, it } from "vitest";

import { summarizePending } from "./pending-summary";

const now = Date.parse("2026-11-23T12:00:00Z");
const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

describe("summarizePending", () => {
  it("counts pending, finds the oldest and the last 7 days", () => {
    expect(
      summarizePending([{ firstSeenAt: daysAgo(1) }, { firstSeenAt: daysAgo(30) }, { firstSeenAt: daysAgo(7) }], now),
    ).toEqual({ pending: 3, oldestFirstSeenAt: daysAgo(30), lastWeek: 2 });
  });

  it("counts invitations with no first-seen time, without dating them", () => {
    expect(summarizePending([{ firstSeenAt: null }], now)).toEqual({
      pending: 1,
      oldestFirstSeenAt: null,
      lastWeek: 0,
    });
    expect(summarizePending([], now)).toEqual({ pending: 0, oldestFirstSeenAt: null, lastWeek: 0 });
  });
});
