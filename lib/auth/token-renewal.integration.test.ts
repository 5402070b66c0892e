import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { startEmulator } from "@/emulator/src/server";
import { emulatorControl, type EmulatorState } from "@/lib/test/emulator-control";

/**
 * The edges of a Google grant, against the emulator's real OAuth and Classroom endpoints:
 * a token endpoint that fails for a moment (retried), one that stays down (a typed error),
 * and a Classroom 401 for a token that looked valid (one renewal, one retry, then sign-in),
 * on a single call and on /batch alike.
 */
const emu = await startEmulator({ port: 0 });
process.env.EMULATOR_URL = emu.url;
process.env.CLASSROOM_ROOT_URL = `${emu.url}/`;
process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "integration-secret-integration-secret-0123";

const { db } = await import("@/lib/db");
const { getGoogleAccessToken, ReauthRequiredError, REFRESH_ATTEMPTS, TOKEN_ENDPOINT_UNAVAILABLE } =
  await import("./tokens");
const { getCourse } = await import("@/lib/classroom/courses");
const { asAccessToken } = await import("@/lib/google/client");
const { executeBatch } = await import("@/lib/google/batch");
const { seedGoogleAccount } = await import("@/lib/test/emulator-oauth");

const control = emulatorControl(`${emu.url}/emulator/v1`);
const fetchSpy = vi.spyOn(globalThis, "fetch");
const tokenEndpointCalls = () => fetchSpy.mock.calls.filter(([url]) => String(url) === `${emu.url}/token`).length;
const refreshGrants = async (email: string) =>
  (await control<{ grant_type: string; email: string }[]>("GET", "/grants")).filter(
    (g) => g.grant_type === "refresh_token" && g.email === email,
  ).length;

async function courseOf(email: string): Promise<string> {
  const s = await control<EmulatorState>("GET", "/state");
  const owner = s.users.find((u) => u.email === email)!;
  return s.courses.find((c) => c.ownerId === owner.id)!.id;
}

beforeAll(() => db(), 120_000);
beforeEach(async () => {
  await control("DELETE", "/faults");
  await control("DELETE", "/requests");
  fetchSpy.mockClear();
});
afterAll(async () => {
  fetchSpy.mockRestore();
  await (await db()).close();
  await emu.close();
});

// Opening PGlite and the backoff waits take seconds on a busy 2-core runner.
vi.setConfig({ testTimeout: 30_000 });

describe("token refresh when Google's token endpoint fails", () => {
  it("retries a transient 503 with backoff and then succeeds", async () => {
    const email = "teacher@northwood.edu";
    const { userId, tokens } = await seedGoogleAccount(emu.url, email, 5);
    await control("POST", "/faults", { rules: [{ path: "^/token", status: 503, times: 2 }] });
    fetchSpy.mockClear();

    const fresh = await getGoogleAccessToken(userId);
    expect(fresh).not.toBe(tokens.access_token);
    expect(tokenEndpointCalls()).toBe(3);
    expect(await refreshGrants(email)).toBe(1);
  });

  it("gives a typed UNAVAILABLE after its attempts, and keeps the grant for the next request", async () => {
    const email = "teacher2@northwood.edu";
    const { userId } = await seedGoogleAccount(emu.url, email, 5);
    await control("POST", "/faults", { rules: [{ path: "^/token", status: 503 }] });
    fetchSpy.mockClear();

    const failure = await getGoogleAccessToken(userId).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: "AppError", code: "UNAVAILABLE", userMessage: TOKEN_ENDPOINT_UNAVAILABLE });
    expect(tokenEndpointCalls()).toBe(REFRESH_ATTEMPTS);

    await control("DELETE", "/faults");
    await expect(getGoogleAccessToken(userId)).resolves.toMatch(/^ya29\./);
  });
});

describe("a Classroom 401 for a token that looked valid", () => {
  it("renews the token once and retries the call once", async () => {
    const email = "admin@northwood.edu";
    const { userId, tokens } = await seedGoogleAccount(emu.url, email, 3600);
    const courseId = await courseOf("teacher@northwood.edu");
    await control("POST", "/faults", { rules: [{ path: "^/v1/courses/", status: 401, times: 1 }] });

    const token = asAccessToken(await getGoogleAccessToken(userId), userId);
    expect(token).toBe(tokens.access_token);
    await expect(getCourse(token, courseId)).resolves.toMatchObject({ id: courseId });

    const calls = (await control<{ path: string; status: number }[]>("GET", "/requests")).filter((r) =>
      r.path.startsWith(`/v1/courses/${courseId}`),
    );
    expect(calls.map((c) => c.status)).toEqual([401, 200]);
    expect(await refreshGrants(email)).toBe(1);
    // The renewed token is the one stored: the next request uses it without a refresh.
    expect(await getGoogleAccessToken(userId)).not.toBe(tokens.access_token);
  });

  it("sends the user to sign in again when the renewed token is refused too", async () => {
    const { userId } = await seedGoogleAccount(emu.url, "newteacher@northwood.edu", 3600);
    // The fault answers before any permission check, so any class will do.
    const courseId = await courseOf("teacher@northwood.edu");
    await control("POST", "/faults", { rules: [{ path: "^/v1/courses/", status: 401, times: 2 }] });

    const token = asAccessToken(await getGoogleAccessToken(userId), userId);
    await expect(getCourse(token, courseId)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const calls = (await control<{ path: string; status: number }[]>("GET", "/requests")).filter((r) =>
      r.path.startsWith("/v1/courses/"),
    );
    expect(calls).toHaveLength(2);

    const next = await getGoogleAccessToken(userId).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(ReauthRequiredError);
    expect(next).toMatchObject({ reason: "refresh-failed" });
  });
});

describe("a /batch whose token Classroom refuses", () => {
  type Call = { method: string; path: string; status: number };
  const calls = async (prefix: string) =>
    (await control<Call[]>("GET", "/requests")).filter((r) => r.path.startsWith(prefix));

  it("renews a token that expired early once, and re-sends the refused parts, POSTs included, with it", async () => {
    const email = "r.nakamura@northwood.edu";
    const courseId = await courseOf(email);
    // The emulator's token dies in a second, while the stored expiry says an hour: a token that
    // looked valid (a clock off, a token revoked early) and that Classroom refuses for real.
    await control("PATCH", "/config", { tokenLifetimeSeconds: 1 });
    const { userId, tokens } = await seedGoogleAccount(emu.url, email, 3600);
    await control("PATCH", "/config", { tokenLifetimeSeconds: 3600 });
    await new Promise((r) => setTimeout(r, 1_500));
    await control("DELETE", "/requests");

    const token = asAccessToken(await getGoogleAccessToken(userId), userId);
    expect(token).toBe(tokens.access_token);
    const results = await executeBatch(token, [
      { method: "GET", path: `/v1/courses/${courseId}` },
      { method: "POST", path: "/v1/invitations", body: { courseId, userId: "g.osei@northwood.edu", role: "TEACHER" } },
    ]);

    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect((await calls(`/v1/courses/${courseId}`)).map((c) => c.status)).toEqual([401, 200]);
    expect((await calls("/v1/invitations")).map((c) => `${c.method} ${c.status}`)).toEqual(["POST 401", "POST 200"]);
    expect(await refreshGrants(email)).toBe(1);
    // The renewed token is the one stored: the next request uses it without another refresh.
    expect(await getGoogleAccessToken(userId)).not.toBe(tokens.access_token);
  });

  it("renews for a 401 of the whole batch call too", async () => {
    const email = "d.mensah@northwood.edu";
    const { userId } = await seedGoogleAccount(emu.url, email, 3600);
    await control("POST", "/faults", { rules: [{ method: "POST", path: "^/batch", status: 401, times: 1 }] });

    const token = asAccessToken(await getGoogleAccessToken(userId), userId);
    const results = await executeBatch(token, [{ method: "GET", path: "/v1/userProfiles/me" }]);
    expect(results).toMatchObject([{ ok: true, status: 200 }]);
    expect(await refreshGrants(email)).toBe(1);
  });

  it("renews once only, and sends the user to sign in when the renewed token is refused too", async () => {
    const { userId } = await seedGoogleAccount(emu.url, "t.lindqvist@northwood.edu", 3600);
    await control("POST", "/faults", { rules: [{ path: "^/v1/userProfiles/", status: 401 }] });

    const token = asAccessToken(await getGoogleAccessToken(userId), userId);
    const results = await executeBatch(token, [
      { method: "GET", path: "/v1/userProfiles/me" },
      { method: "GET", path: "/v1/userProfiles/teacher@northwood.edu" },
    ]);
    expect(results).toMatchObject([
      { ok: false, status: 401, error: { code: "UNAUTHENTICATED" } },
      { ok: false, status: 401, error: { code: "UNAUTHENTICATED" } },
    ]);
    // Each part twice (before and after the one renewal), never a third time.
    expect(await calls("/v1/userProfiles/")).toHaveLength(4);
    expect(await refreshGrants("t.lindqvist@northwood.edu")).toBe(1);

    const next = await getGoogleAccessToken(userId).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(ReauthRequiredError);
    expect(next).toMatchObject({ reason: "refresh-failed" });
  });
});
