// "Which classes does this caller manage?" against the real emulator: the one answer every
// list, export, activity filter, picker, bulk preview and bulk send authorizes with.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { AccessToken } from "@/lib/google/client";
import { QuotaScheduler } from "@/lib/google/scheduler";
import { setScheduler } from "@/lib/google/scheduler-instance";
import { startLibEmulator, type EmulatorState, type LibEmulator } from "@/lib/test/emulator";

import { listManagedCourses } from "./access";
import { invalidateCourses } from "./course-cache";

let emu: LibEmulator;
let state: EmulatorState;
const tokens: Record<string, AccessToken> = {};
const TEACHER = "teacher@northwood.edu";
const ADMIN = "admin@northwood.edu";
const STUDENT = "student@northwood.edu";

const courseCalls = async () =>
  ((await emu.control("GET", "/requests")) as { method: string; path: string }[]).filter(
    (r) => r.method === "GET" && /^\/v1\/courses(\?|$)/.test(r.path),
  ).length;
const userId = (email: string) => state.users.find((u) => u.email === email)!.id;
const caller = (email: string, role: "admin" | "teacher" | "student") => ({ id: `app-${email}`, role });

beforeAll(async () => {
  emu = await startLibEmulator();
  state = await emu.state();
  for (const email of [TEACHER, ADMIN, STUDENT]) tokens[email] = await emu.tokenFor(email);
});

beforeEach(async () => {
  await emu.control("DELETE", "/requests");
  invalidateCourses();
  setScheduler(undefined);
});

afterAll(async () => {
  setScheduler(undefined);
  await emu.close();
});

describe("listManagedCourses", () => {
  it("a teacher gets exactly the classes they teach", async () => {
    const courses = await listManagedCourses(tokens[TEACHER]!, caller(TEACHER, "teacher"));
    const taught = state.courses.filter((c) => c.teacherIds.includes(userId(TEACHER))).map((c) => c.id);
    expect(taught.length).toBeGreaterThan(0);
    expect(courses.map((c) => c.id).sort()).toEqual(taught.sort());
  });

  it("an admin gets every class of the domain, more than any one teacher", async () => {
    const courses = await listManagedCourses(tokens[ADMIN]!, caller(ADMIN, "admin"));
    const taught = await listManagedCourses(tokens[TEACHER]!, caller(TEACHER, "teacher"));
    const ids = new Set(courses.map((c) => c.id));
    expect(courses.length).toBeGreaterThan(taught.length);
    expect(taught.filter((c) => !ids.has(c.id))).toEqual([]);
  });

  it("a student manages nothing, and Classroom is not asked", async () => {
    expect(await listManagedCourses(tokens[STUDENT]!, caller(STUDENT, "student"))).toEqual([]);
    expect(await courseCalls()).toBe(0);
  });

  it("reads fresh while the caller's quota has room, and answers from the last read (≤ 60 s) when it hasn't", async () => {
    // Three calls a window: room for two fresh reads (each needs a margin of 2), then none.
    setScheduler(new QuotaScheduler({ perUserPerWindow: 3, headroom: 1 }));
    const me = caller(TEACHER, "teacher");
    const first = await listManagedCourses(tokens[TEACHER]!, me);
    await listManagedCourses(tokens[TEACHER]!, me);
    expect(await courseCalls()).toBe(2);

    const third = await listManagedCourses(tokens[TEACHER]!, me);
    expect(await courseCalls()).toBe(2);
    expect(third).toEqual(first);
  });

  it("keeps each caller's answer to that caller", async () => {
    setScheduler(new QuotaScheduler({ perUserPerWindow: 1, headroom: 1 })); // always "short": cache only
    const teacher = await listManagedCourses(tokens[TEACHER]!, caller(TEACHER, "teacher"));
    const admin = await listManagedCourses(tokens[ADMIN]!, caller(ADMIN, "admin"));
    expect(admin.length).toBeGreaterThan(teacher.length);
    expect(await courseCalls()).toBe(2);
  });
});
