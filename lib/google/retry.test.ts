import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { backoffDelay, isRetryable, withRetry, type RetryOptions } from "./retry";

const httpError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), {
    response: {
      status,
      data: { error: { code: status, message: "x", status: "WHATEVER" } },
      headers: new Headers(headers),
    },
  });

/** Records sleeps instead of waiting. */
function harness(random = () => 0.5) {
  const sleeps: number[] = [];
  const opts: RetryOptions = {
    random,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { sleeps, opts };
}

/** fn that fails with the given errors in turn, then returns "ok". */
function failing(errors: unknown[]) {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return "ok";
  };
  return { fn, calls: () => calls };
}

describe("withRetry", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i and succeeds", async (status) => {
    const { sleeps, opts } = harness();
    const f = failing([httpError(status), httpError(status)]);
    await expect(withRetry(f.fn, opts)).resolves.toBe("ok");
    expect(f.calls()).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 501])("does not retry HTTP %i", async (status) => {
    const { sleeps, opts } = harness();
    const f = failing([httpError(status)]);
    await expect(withRetry(f.fn, opts)).rejects.toMatchObject({ response: { status } });
    expect(f.calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("retries network errors and timeouts", async () => {
    const { opts } = harness();
    const f = failing([
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      new DOMException("timed out", "TimeoutError"),
    ]);
    await expect(withRetry(f.fn, opts)).resolves.toBe("ok");
    expect(f.calls()).toBe(3);
  });

  it("does not retry a daily join limit (a 429 that won't clear)", async () => {
    const { opts } = harness();
    const e = Object.assign(new Error("x"), {
      response: {
        status: 429,
        data: { error: { code: 429, message: "@UserCourseJoinRateLimitReached x", status: "RESOURCE_EXHAUSTED" } },
      },
    });
    const f = failing([e]);
    await expect(withRetry(f.fn, opts)).rejects.toBe(e);
    expect(f.calls()).toBe(1);
  });

  it("stops after maxAttempts (default 4) and throws the last raw error", async () => {
    const { sleeps, opts } = harness();
    const errors = [httpError(503), httpError(503), httpError(503), httpError(500), httpError(503)];
    const f = failing(errors);
    await expect(withRetry(f.fn, opts)).rejects.toBe(errors[3]);
    expect(f.calls()).toBe(4);
    expect(sleeps).toHaveLength(3);

    const g = failing([httpError(503), httpError(503)]);
    await expect(withRetry(g.fn, { ...opts, maxAttempts: 2 })).rejects.toBeTruthy();
    expect(g.calls()).toBe(2);
  });

  it("full jitter: each delay lies in [0, min(cap, base·2^(n-1)))", async () => {
    for (const r of [0, 0.25, 0.999999]) {
      const { sleeps, opts } = harness(() => r);
      const f = failing(Array.from({ length: 7 }, () => httpError(503)));
      await expect(withRetry(f.fn, { ...opts, maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 8000 })).resolves.toBe(
        "ok",
      );
      const ceilings = [250, 500, 1000, 2000, 4000, 8000, 8000];
      sleeps.forEach((ms, i) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(ceilings[i]!);
        expect(ms).toBe(Math.floor(r * ceilings[i]!));
      });
    }
  });

  it("with real randomness, delays stay within bounds", async () => {
    const { sleeps, opts } = harness(Math.random);
    delete opts.random;
    const f = failing([httpError(503), httpError(503), httpError(503)]);
    await withRetry(f.fn, opts);
    [250, 500, 1000].forEach((ceiling, i) => expect(sleeps[i]).toBeLessThan(ceiling));
  });

  it("honours Retry-After in seconds as a floor", async () => {
    const { sleeps, opts } = harness(() => 0.5);
    const f = failing([httpError(429, { "retry-after": "2" })]);
    await withRetry(f.fn, opts);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[0]).toBeLessThan(2000 + 250);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const { sleeps, opts } = harness(() => 0);
    const at = new Date(Date.now() + 3000).toUTCString();
    const f = failing([httpError(503, { "retry-after": at })]);
    await withRetry(f.fn, opts);
    // Second resolution in HTTP dates: up to 1 s early.
    expect(sleeps[0]).toBeGreaterThan(1900);
    expect(sleeps[0]).toBeLessThanOrEqual(3000);
  });

  it("gives up at once when Retry-After exceeds maxRetryAfterMs", async () => {
    const { sleeps, opts } = harness();
    const f = failing([httpError(429, { "retry-after": "120" })]);
    await expect(withRetry(f.fn, opts)).rejects.toBeTruthy();
    expect(f.calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("aborts during a wait and does not call fn again", async () => {
    const controller = new AbortController();
    const f = failing([httpError(503), httpError(503)]);
    const run = withRetry(f.fn, { signal: controller.signal, baseDelayMs: 10_000, random: () => 0.99 });
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(run).rejects.toThrow("stop");
    expect(f.calls()).toBe(1);
  });

  it("does not start when the signal is already aborted", async () => {
    const f = failing([]);
    await expect(withRetry(f.fn, { signal: AbortSignal.abort(new Error("pre")) })).rejects.toThrow("pre");
    expect(f.calls()).toBe(0);
  });

  it("reports each retry", async () => {
    const seen: number[] = [];
    const { opts } = harness();
    const f = failing([httpError(500)]);
    await withRetry(f.fn, {
      ...opts,
      onRetry: ({ attempt, error }) => seen.push(attempt) && expect(error.code).toBe("INTERNAL"),
    });
    expect(seen).toEqual([1]);
  });

  it("accepts a custom decision", async () => {
    const { opts } = harness();
    const f = failing([httpError(409)]);
    await withRetry(f.fn, { ...opts, shouldRetry: (e) => e.httpStatus === 409 });
    expect(f.calls()).toBe(2);
  });
});

describe("isRetryable / backoffDelay", () => {
  it("treats CANCELLED as final", () => {
    expect(isRetryable(new AppError({ code: "CANCELLED" }))).toBe(false);
    expect(isRetryable(new AppError({ code: "NETWORK" }))).toBe(true);
    expect(isRetryable(new AppError({ code: "UNAVAILABLE", httpStatus: 503 }))).toBe(true);
  });

  it("caps the ceiling", () => {
    expect(backoffDelay(20, { random: () => 0.999999 })).toBeLessThan(8000);
    expect(backoffDelay(1, { random: () => 0.999999, baseDelayMs: 100 })).toBeLessThan(100);
  });
});
