import { describe, expect, it } from "vitest";
import { rereadUntilFound } from "./consistency";

describe("rereadUntilFound", () => {
  it("reads again with growing waits until something shows", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const found = await rereadUntilFound(async () => (++calls === 3 ? "it" : undefined), {
      intervalMs: 100,
      windowMs: 10_000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(found).toBe("it");
    expect(sleeps).toEqual([100, 150]);
  });

  it("gives up once the window is spent, and the waits never exceed it", async () => {
    const sleeps: number[] = [];
    const found = await rereadUntilFound(async () => undefined, {
      intervalMs: 300,
      windowMs: 1_000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(found).toBeUndefined();
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(1_000);
  });

  it("does not wait when the first read finds it", async () => {
    const sleeps: number[] = [];
    await rereadUntilFound(async () => 1, { sleep: async (ms) => void sleeps.push(ms) });
    expect(sleeps).toEqual([]);
  });
});
