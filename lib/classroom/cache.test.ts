// Course and profile caches against the real emulator and an in-memory PGlite.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccessToken } from "@/lib/google/client";
import { db } from "@/lib/db";
import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { setScheduler } from "@/lib/google/scheduler-instance";
import { invalidateCourses, listCoursesCached } from "./course-cache";
import { clearProfileMemory, getProfilesCached } from "./profile-cache";

let emu: LibEmulator;
const savedDir = process.env.PGLITE_DATA_DIR;

const calls = async () => ((await emu.control("GET", "/requests")) as unknown[]).length;
const tokenFor = (email: string) => emu.tokenFor(email);

let admin: AccessToken;
let student: AccessToken;
let ids: { admin: string; student: string; others: string[] };

beforeAll(async () => {
  emu = await startLibEmulator();
  process.env.PGLITE_DATA_DIR = "memory://";
  // Opening PGlite compiles its WASM build and migrates: seconds, over 20 s on a busy 2-core
  // machine. Done here, the tests' own timeouts bound what they test.
  await db();
  admin = await tokenFor("admin@northwood.edu");
  student = await tokenFor("student@northwood.edu");
  const state = (await emu.control("GET", "/state")) as { users: { id: string; email: string }[] };
  const idOf = (email: string) => state.users.find((u) => u.email === email)!.id;
  ids = {
    admin: idOf("admin@northwood.edu"),
    student: idOf("student@northwood.edu"),
    others: state.users
      .filter((u) => u.email.endsWith("@northwood.edu"))
      .slice(0, 100)
      .map((u) => u.id),
  };
}, 120_000);

beforeEach(async () => {
  await emu.control("DELETE", "/requests");
  clearProfileMemory();
  invalidateCourses();
  setScheduler(undefined);
});

afterAll(async () => {
  if (savedDir === undefined) delete process.env.PGLITE_DATA_DIR;
  else process.env.PGLITE_DATA_DIR = savedDir;
  await emu.close();
});

describe("getProfilesCached", () => {
  it("asks Classroom once (batched), then memory, then the database: a second visit makes no profile calls", async () => {
    const sixty = ids.others.slice(0, 60);
    const first = await getProfilesCached(admin, "viewer-a", sixty);
    expect(first.hits).toEqual({ memory: 0, database: 0, classroom: 60 });
    expect(await calls()).toBe(60); // 60 parts, in 2 /batch requests
    expect([...first.profiles.values()].every((p) => p?.name)).toBe(true);

    const again = await getProfilesCached(admin, "viewer-a", sixty);
    expect(again.hits).toEqual({ memory: 60, database: 0, classroom: 0 });

    clearProfileMemory(); // a new server process, or a later visit
    const later = await getProfilesCached(admin, "viewer-a", sixty);
    expect(later.hits).toEqual({ memory: 0, database: 60, classroom: 0 });
    expect(later.profiles).toEqual(first.profiles);
    expect(await calls()).toBe(60);
  });

  it("keeps 'not visible' per viewer: one viewer's refusal never hides a profile from another", async () => {
    // The seed's external-domain invitee is invisible to a student who shares nothing with them.
    const state = (await emu.control("GET", "/state")) as { users: { id: string; email: string }[] };
    const outsider = state.users.find((u) => u.email === "m.santos@riverside-academy.org")!.id;
    const forStudent = await getProfilesCached(student, "viewer-student", [outsider]);
    expect(forStudent.profiles.get(outsider)).toBeNull();
    const forAdmin = await getProfilesCached(admin, "viewer-admin", [outsider]);
    expect(forAdmin.profiles.get(outsider)).not.toBeNull();
    expect(forAdmin.hits.classroom).toBe(1);
    // And the student's memory still says null without asking again.
    const again = await getProfilesCached(student, "viewer-student", [outsider]);
    expect(again.hits.memory).toBe(1);
    expect(again.profiles.get(outsider)).toBeNull();
  });

  it("reports each tier as it resolves", async () => {
    const fresh = ids.others.slice(80, 88); // not yet in the table
    await getProfilesCached(admin, "viewer-a", fresh.slice(0, 5));
    clearProfileMemory();
    await getProfilesCached(admin, "viewer-a", fresh.slice(0, 2));
    const sources: string[] = [];
    await getProfilesCached(admin, "viewer-a", fresh, {
      onProfiles: (p, source) => sources.push(`${source}:${p.size}`),
    });
    expect(sources).toEqual(["memory:2", "database:3", "classroom:3"]);
  });
});

describe("listCoursesCached", () => {
  it("serves a viewer's repeat reads from memory within the TTL and shares concurrent reads", async () => {
    const [a, b] = await Promise.all([listCoursesCached(admin, "viewer-a"), listCoursesCached(admin, "viewer-a")]);
    expect(a).toBe(b);
    const n = await calls();
    expect(n).toBe(1);
    await listCoursesCached(admin, "viewer-a");
    expect(await calls()).toBe(1);
    // Expired: read again.
    await listCoursesCached(admin, "viewer-a", {}, { now: () => Date.now() + 61_000 });
    expect(await calls()).toBe(2);
  });

  it("never shares between viewers", async () => {
    const forAdmin = await listCoursesCached(admin, "viewer-admin");
    const forStudent = await listCoursesCached(student, "viewer-student");
    expect(forStudent.length).toBeLessThan(forAdmin.length);
    expect(await calls()).toBe(2);
  });
});
