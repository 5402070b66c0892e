// The interactive lane (a person's clicks) and the job lane (background) spend one per-user
// budget: after a person's bulk work has used most of their per-minute quota, a job of theirs
// waits for the window instead of running into Classroom's 429s. Real emulator, real client.
import { afterAll, beforeAll, expect, it } from "vitest";

import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "jobs-lanes-secret-jobs-lanes-secret-jobs-l";

const emu: LibEmulator = await startLibEmulator();
const { db } = await import("@/lib/db");
const { tokenCipher } = await import("@/lib/auth/crypto");
const { asAccessToken } = await import("@/lib/google/client");
const { QuotaScheduler, setScheduler, getScheduler } = await import("@/lib/google/scheduler");
const { createInvitations } = await import("@/lib/classroom/create-invitations");
const { insertJob, getJob } = await import("./store");
const { runSlice } = await import("./run");

const TEACHER = "teacher@northwood.edu";
const PER_MINUTE = 30;
// Google's "minute", shortened on both sides (emulator and scheduler) so that it rolls in seconds.
const WINDOW_SECONDS = 8;

let teacherId: string;

beforeAll(async () => {
  const d = await db();
  const token = await emu.tokenFor(TEACHER);
  const [user] = await d.query<{ id: string }>(
    "INSERT INTO users (email, name, role) VALUES ($1, $1, 'teacher') RETURNING id",
    [TEACHER],
  );
  teacherId = user!.id;
  await d.query(
    `INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token)
     VALUES ($1, 'oidc', 'google', 'sub-teacher', $2)`,
    [teacherId, tokenCipher(process.env.AUTH_SECRET!).encrypt(token)],
  );
  // Google's per-user limit, small enough to reach in a test, on both sides.
  await emu.control("PUT", "/config", {
    quotas: { perUserPerMinute: PER_MINUTE, perMinuteWindowSeconds: WINDOW_SECONDS },
  });
  setScheduler(new QuotaScheduler({ perUserPerWindow: PER_MINUTE, headroom: 1, windowMs: WINDOW_SECONDS * 1000 }));
}, 120_000);

afterAll(async () => {
  setScheduler(undefined);
  await (await db()).close();
  await emu.close();
});

it(
  "a job started right after a person's own bulk work waits for their per-minute budget: no 429",
  { timeout: 60_000 },
  async () => {
    const s = await emu.state();
    const teacher = s.users.find((u) => u.email === TEACHER)!;
    const course = s.courses.find((c) => c.ownerId === teacher.id && c.courseState === "ACTIVE")!;
    const people = s.users.filter(
      (u) =>
        !u.disabled &&
        u.email.endsWith("@northwood.edu") &&
        !course.studentIds.includes(u.id) &&
        !course.teacherIds.includes(u.id) &&
        !s.invitations.some((i) => i.courseId === course.id && i.userId === u.id),
    );
    expect(people.length).toBeGreaterThanOrEqual(36);
    await emu.control("DELETE", "/requests").catch(() => undefined);

    // The person's interactive bulk: 24 of their 30 calls this minute, in one /batch.
    const session = asAccessToken(await emu.tokenFor(TEACHER), teacherId);
    const clicks = await createInvitations(
      session,
      people.slice(0, 24).map((p) => ({ courseId: course.id, userId: p.email, role: "STUDENT" as const })),
    );
    expect(clicks.every((o) => o.ok)).toBe(true);

    // Their job of 12 more: sent at once, it would pass Google's 30 a minute by 6.
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
    expect(getScheduler().stats().rateLimited).toBe(0);
  },
);
