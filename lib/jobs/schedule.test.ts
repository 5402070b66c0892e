import { describe, expect, it } from "vitest";

import { nextSlotAt, planSchedule, remainingAt, rollSlackMs } from "./schedule";

const DAY = 86_400_000;
const budget = { perWindow: 500, windowMs: DAY };
const now = Date.UTC(2026, 8, 1, 9, 0, 0);

describe("the daily invitation budget, planned ahead", () => {
  it("a fresh sender sends 500 now, then 500 a window later, then the rest", () => {
    expect(planSchedule([], 1_188, budget, now)).toEqual([
      { at: new Date(now), count: 500 },
      { at: new Date(now + DAY), count: 500 },
      { at: new Date(now + 2 * DAY), count: 188 },
    ]);
  });

  it("what was sent in the last window counts; slots free up one by one as those sends age out", () => {
    // 188 sent 10 h ago, 300 sent 2 h ago: 12 left now.
    const sent = [...Array(188).fill(now - 10 * 3_600_000), ...Array(300).fill(now - 2 * 3_600_000)];
    expect(remainingAt(sent, budget, now)).toBe(12);
    expect(planSchedule(sent, 600, budget, now)).toEqual([
      { at: new Date(now), count: 12 },
      { at: new Date(now + 14 * 3_600_000), count: 188 },
      { at: new Date(now + 22 * 3_600_000), count: 300 },
      { at: new Date(now + DAY), count: 12 },
      { at: new Date(now + DAY + 14 * 3_600_000), count: 88 },
    ]);
  });

  it("sends older than the window are forgotten", () => {
    expect(remainingAt([now - DAY, now - DAY - 1], budget, now)).toBe(500);
  });

  it("the next slot is now while budget remains, else when the oldest counted send ages out", () => {
    expect(nextSlotAt([now - 1_000], budget, now)).toBe(now);
    const full = Array.from({ length: 500 }, (_, i) => now - DAY + 1_000 + i);
    expect(nextSlotAt(full, budget, now)).toBe(now + 1_000);
    // 501 counted (Google said so): the second oldest must age out too.
    expect(nextSlotAt([...full, now], budget, now)).toBe(now + 1_001);
  });

  it("no invitations, no slots", () => {
    expect(planSchedule([], 0, budget, now)).toEqual([]);
  });

  it("a freed slot is used after a slack that grows with the window: clock drift over a day, not a fixed second", () => {
    expect(rollSlackMs(budget)).toBe(8_640);
    expect(rollSlackMs({ perWindow: 500, windowMs: 20_000 })).toBe(50);
  });
});
