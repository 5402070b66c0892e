import { describe, expect, it } from "vitest";
import { googleQuotaRefusal } from "@/lib/test/google-errors";
import { scheduledFetch } from "./scheduled-fetch";
import { QuotaScheduler, type Clock } from "./scheduler";

const GOOGLE_QUOTA_429 = JSON.stringify(googleQuotaRefusal());

/** A clock that only moves when told; nothing here waits on its timers. */
function stillClock(): Clock & { t: number } {
  const clock = { t: 0, now: () => clock.t, setTimeout: () => () => undefined };
  return clock;
}

describe("scheduledFetch", () => {
  it("queues for a slot, and the timeout only starts once admitted", async () => {
    const s = new QuotaScheduler({ maxConcurrency: 1 });
    let calls = 0;
    const slow: typeof fetch = async (_input, init) => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (init?.signal?.aborted) throw init.signal.reason;
      return new Response("{}", { status: 200 });
    };
    // Wide margins, so that a loaded machine's slow timers can't fail it: one call takes 300 ms
    // against a 700 ms timeout, but the third waits 600 ms in the queue first.
    const f = scheduledFetch("u", { scheduler: s, timeoutMs: 700, fetch: slow });
    // Three calls through one slot: the last finishes 900 ms after the first started.
    const results = await Promise.all([f("http://x/1"), f("http://x/2"), f("http://x/3")]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(calls).toBe(3);
  });

  it("reports a quota 429 without Retry-After to the scheduler, which holds the user", async () => {
    const s = new QuotaScheduler({ maxConcurrency: 4 });
    const f = scheduledFetch("u", { scheduler: s, fetch: async () => new Response(GOOGLE_QUOTA_429, { status: 429 }) });
    expect((await f("http://x/")).status).toBe(429);
    expect(s.stats().rateLimited).toBe(1);
    const controller = new AbortController();
    const waiting = s.acquire("u", 1, controller.signal);
    controller.abort(new Error("held"));
    await expect(waiting).rejects.toThrow("held");
  });

  it("refunds the refused call: Google didn't count it, so after the hold the whole budget is back", async () => {
    const clock = stillClock();
    const s = new QuotaScheduler({ perUserPerWindow: 10, headroom: 1, maxConcurrency: 4 }, clock);
    // A bare RESOURCE_EXHAUSTED names no limit, so the scheduler learns none and only the refund shows.
    const bare = JSON.stringify({
      error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" },
    });
    const f = scheduledFetch("u", { scheduler: s, fetch: async () => new Response(bare, { status: 429 }) });
    await f("http://x/");
    clock.t += 5_000; // past the hold, well inside the 60 s window
    expect(s.remaining("u")).toBe(10);
    // A call that ran is charged: the window keeps it.
    const g = scheduledFetch("u", { scheduler: s, fetch: async () => new Response("{}", { status: 200 }) });
    await g("http://x/");
    expect(s.remaining("u")).toBe(9);
  });
});
