// The interactive lane (a person's clicks) and the job lane (background) spend one per-user
// budget: after a person's bulk work has used most of their per-minute quota, a job of theirs
// waits for the window instead of running into Classroom's 429s. Real emulator, real client, on
// the embedded PGlite (lib/jobs/lanes.integration.test.ts) and on a fresh database of
// TEST_DATABASE_URL's Postgres (lanes.postgres.integration.test.ts). On Postgres the clicks and
// the job are served by two app instances: two schedulers, each leasing the user's budget from
// the database as the app does (lib/google/client.ts), so only the shared budget can hold the
// job back.
import { afterAll, beforeAll, expect, it } from "vitest";

import { freshInvitees, ownedActiveCourse, startLibEmulator, type LibEmulator } from "./emulator";
import { freshPostgres } from "./fresh-postgres";
import { insertJobCreator } from "./job-worker";

const TEACHER = "teacher@northwood.edu";
const PER_MINUTE = 30;
// Google's "minute", shortened on both sides (emulator and scheduler) so that it rolls in seconds.
const WINDOW_SECONDS = 8;

/** Registers the test in the calling file, on the database it names. */
export async function lanesScenario(database: "pglite" | "postgres"): Promise<void> {
  process.env.PGLITE_DATA_DIR = "memory://";
  process.env.AUTH_SECRET = "jobs-lanes-secret-jobs-lanes-secret-jobs-l";
  const postgres = database === "postgres" ? await freshPostgres("jobs_lanes") : undefined;
  if (database === "postgres" && !postgres) throw new Error("TEST_DATABASE_URL is not set");
  if (postgres) process.env.DATABASE_URL = postgres.url;

  const emu: LibEmulator = await startLibEmulator();
  const { db } = await import("@/lib/db");
  const { asAccessToken } = await import("@/lib/google/client");
  const { SharedBudget } = await import("@/lib/google/quota-leases");
  const { QuotaScheduler } = await import("@/lib/google/scheduler");
  const { setScheduler } = await import("@/lib/google/scheduler-instance");
  const { createInvitations } = await import("@/lib/classroom/create-invitations");
  const { insertJob, getJob } = await import("@/lib/jobs/store");
  const { runSlice } = await import("@/lib/jobs/run");

  let teacherId: string;
  const instances: InstanceType<typeof QuotaScheduler>[] = [];

  /** A new app instance's scheduler: on Postgres it shares the budget through the database. */
  function appInstance() {
    const s = new QuotaScheduler({ perUserPerWindow: PER_MINUTE, headroom: 1, windowMs: WINDOW_SECONDS * 1000 });
    if (postgres) {
      s.share(
        new SharedBudget(
          {
            query: async (text, params) => (await db()).query(text, params),
            transaction: async (fn) => (await db()).transaction(fn),
          },
          s.config.windowMs,
          { instanceId: `lanes-${instances.length}` },
        ),
      );
    }
    instances.push(s);
    setScheduler(s);
    return s;
  }

  beforeAll(async () => {
    const d = await db();
    teacherId = await insertJobCreator(d, TEACHER, await emu.tokenFor(TEACHER), process.env.AUTH_SECRET!);
    // Google's per-user limit, small enough to reach in a test, on both sides.
    await emu.control("PUT", "/config", {
      quotas: { perUserPerMinute: PER_MINUTE, perMinuteWindowSeconds: WINDOW_SECONDS },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((s) => s.sharedBudget()?.close()));
    setScheduler(undefined);
    await (await db()).close();
    await emu.close();
    await postgres?.drop();
  });

  it(
    "a job started right after a person's own bulk work waits for their per-minute budget: no 429",
    { timeout: 60_000 },
    async () => {
      const s = await emu.state();
      const course = ownedActiveCourse(s, TEACHER);
      const people = freshInvitees(s, course);
      expect(people.length).toBeGreaterThanOrEqual(36);
      await emu.control("DELETE", "/requests").catch(() => undefined);

      // The person's interactive bulk: 24 of their 30 calls this minute, in one /batch.
      const clicksInstance = appInstance();
      const session = asAccessToken(await emu.tokenFor(TEACHER), teacherId);
      const clicks = await createInvitations(
        session,
        people.slice(0, 24).map((p) => ({ courseId: course.id, userId: p.email, role: "STUDENT" as const })),
      );
      expect(clicks.every((o) => o.ok)).toBe(true);

      // Their job of 12 more: sent at once, it would pass Google's 30 a minute by 6. On Postgres it
      // runs on another instance, whose own windows have seen none of the clicks.
      const jobInstance = postgres ? appInstance() : clicksInstance;
      const jobId = await insertJob(await db(), {
        kind: "invite",
        creatorId: teacherId,
        creatorEmail: TEACHER,
        items: people.slice(24, 36).map((p) => ({ courseId: course.id, invitee: p.email, role: "STUDENT" })),
      });
      const started = Date.now();
      for (let i = 0; i < 10; i++) {
        const r = await runSlice(jobId, { budget: { perWindow: 500, windowMs: 86_400_000 }, sliceMs: 120_000 });
        if (r.next === "stop") break;
      }
      expect((await getJob(await db(), jobId))?.counts.done).toBe(12);
      // It waited for the window: the person's calls had used the background lane's share.
      expect(Date.now() - started).toBeGreaterThan((WINDOW_SECONDS * 1000) / 3);
      const log = await emu.control<{ status: number; path: string }[]>("GET", "/requests");
      expect(log.filter((r) => r.status === 429)).toEqual([]);
      expect(clicksInstance.stats().rateLimited + jobInstance.stats().rateLimited).toBe(0);
    },
  );
}
