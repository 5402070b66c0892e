import "server-only";

/**
 * A per-user sliding-window budget for the Classroom calls a listing makes (issue 5 §2 at
 * small scale): Google allows 1,200 requests per user per minute, and each part of a /batch
 * call counts. A domain listing of 1,000 courses plus thousands of profile lookups would
 * trip it, so callers `take()` slots first and wait for the window to free them instead of
 * collecting 429s. Headroom is left for the user's other requests (actions, other tabs).
 *
 * In-process only: a shared scheduler in lib/google (issue 5) should replace this.
 */
const WINDOW_MS = 60_000;
// Google: 1,200 per user per minute; ~4% headroom keeps a 1,000-course listing in one window.
const PER_USER_PER_WINDOW = 1_150;

const key = Symbol.for("classroom-invitations.call-budget");
type Holder = { [key]?: Map<string, number[]> };

function stampsFor(userId: string): number[] {
  const g = globalThis as Holder;
  const all = (g[key] ??= new Map());
  let stamps = all.get(userId);
  if (!stamps) {
    stamps = [];
    all.set(userId, stamps);
  }
  return stamps;
}

/** Waits until `n` calls fit in the user's window, then records them. */
export async function takeCalls(userId: string, n: number, signal?: AbortSignal, limit = PER_USER_PER_WINDOW): Promise<void> {
  const want = Math.min(Math.max(1, n), limit);
  const stamps = stampsFor(userId);
  for (;;) {
    if (signal?.aborted) throw signal.reason ?? new DOMException("Aborted", "AbortError");
    const now = Date.now();
    while (stamps.length && now - stamps[0]! >= WINDOW_MS) stamps.shift();
    if (stamps.length + want <= limit) {
      for (let i = 0; i < want; i++) stamps.push(now);
      return;
    }
    // The oldest stamps that must expire for `want` slots to free up.
    const waitMs = stamps[stamps.length + want - limit - 1]! + WINDOW_MS - now + 5;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.max(10, waitMs));
      signal?.addEventListener("abort", () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
}
