import { afterEach, describe, expect, it, vi } from "vitest";

import { takeCalls } from "./call-budget";

describe("takeCalls", () => {
  afterEach(() => vi.useRealTimers());

  it("lets calls through up to the limit, then waits for the window to slide", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const user = `u-${Math.random()}`;
    await takeCalls(user, 50, undefined, 100);
    await takeCalls(user, 50, undefined, 100);
    let done = false;
    const third = takeCalls(user, 10, undefined, 100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1_100);
    await third;
    expect(done).toBe(true);
  });

  it("keeps users apart", async () => {
    const a = `a-${Math.random()}`;
    const b = `b-${Math.random()}`;
    await takeCalls(a, 100, undefined, 100);
    await expect(Promise.race([takeCalls(b, 100, undefined, 100).then(() => "ok"), new Promise((r) => setTimeout(() => r("blocked"), 50))])).resolves.toBe("ok");
  });

  it("stops waiting when aborted", async () => {
    const user = `c-${Math.random()}`;
    await takeCalls(user, 100, undefined, 100);
    const abort = new AbortController();
    const p = takeCalls(user, 1, abort.signal, 100);
    abort.abort(new Error("gone"));
    await expect(p).rejects.toThrow("gone");
  });
});
