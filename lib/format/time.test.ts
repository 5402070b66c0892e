import { describe, expect, it } from "vitest";

import { durationText, exactTime, timeAgo } from "./time";

const now = Date.parse("2026-11-23T12:00:00Z");
const before = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe("timeAgo", () => {
  it("says how long ago in the largest whole unit", () => {
    expect(timeAgo(before(0), now)).toBe("just now");
    expect(timeAgo(before(9), now)).toBe("just now");
    expect(timeAgo(before(10), now)).toBe("10 seconds ago");
    expect(timeAgo(before(45), now)).toBe("45 seconds ago");
    expect(timeAgo(before(60), now)).toBe("1 minute ago");
    expect(timeAgo(before(3 * 3600 + 100), now)).toBe("3 hours ago");
    expect(timeAgo(before(2 * 86_400), now)).toBe("2 days ago");
    expect(timeAgo(before(400 * 86_400), now)).toBe("1 year ago");
  });

  it("puts a time ahead of the clock in the future", () => {
    expect(timeAgo(new Date(now + 5_000).toISOString(), now)).toBe("just now");
    expect(timeAgo(new Date(now + 120_000).toISOString(), now)).toBe("in 2 minutes");
  });
});

describe("exactTime", () => {
  it("gives date and time", () => {
    expect(exactTime("2026-11-23T12:00:00Z")).toMatch(/^Nov 23, 2026, \d{1,2}:00:00\s?[AP]M$/);
  });
});

describe("durationText", () => {
  it("says hours under two days, then days to one decimal", () => {
    expect(durationText(20 * 60_000)).toBe("under an hour");
    expect(durationText(3_600_000)).toBe("1 hour");
    expect(durationText(47 * 3_600_000)).toBe("47 hours");
    expect(durationText(2.25 * 86_400_000)).toBe("2.3 days");
  });
});
