// The dashboard against Google's role-detection inputs and paging as the emulator now gives
// them: students may hold CREATE_COURSE, verifiedTeacher is returned, pages may come back short.
import { describe, expect, it } from "vitest";
import { setupLibEmulator } from "@/lib/test/emulator";
import { listCourses } from "./courses";
import { listInvitations } from "./invitations";
import { detectRole } from "./me";

const lib = setupLibEmulator([
  "admin@northwood.edu",
  "teacher@northwood.edu",
  "student@northwood.edu",
  "sam.rivera.family@gmail.com",
]);

describe("role detection with Google's inputs", () => {
  it("a student holding CREATE_COURSE (the domain lets anyone create classes) is still a student", async () => {
    await lib.emu.control("PUT", "/config", { studentsCanCreateCourses: true });
    expect((await detectRole(lib.token("student@northwood.edu"))).role).toBe("student");
  });

  it("a personal account with no class is a student", async () => {
    expect((await detectRole(lib.token("sam.rivera.family@gmail.com"))).role).toBe("student");
  });

  it("under short pages, each role is still detected right", async () => {
    // A small page cap makes every list's first page short, each by its own amount.
    await lib.emu.control("PUT", "/config", { shortPages: true, paging: { coursesMax: 6 } });
    expect((await detectRole(lib.token("teacher@northwood.edu"))).role).toBe("teacher");
    expect((await detectRole(lib.token("student@northwood.edu"))).role).toBe("student");
    expect((await detectRole(lib.token("admin@northwood.edu"))).role).toBe("admin");
  });
});

describe("paging under short pages", () => {
  it("lists follow nextPageToken past short pages and return everything once", async () => {
    const admin = lib.token("admin@northwood.edu");
    const full = await listCourses(admin, {});
    await lib.emu.control("PUT", "/config", { shortPages: true, paging: { coursesDefault: 4, invitationsDefault: 4 } });
    const paged = await listCourses(admin, {});
    expect(paged.map((c) => c.id).sort()).toEqual(full.map((c) => c.id).sort());
    const invitations = await listInvitations(lib.token("student@northwood.edu"), { userId: "me" });
    expect(new Set(invitations.map((i) => i.id)).size).toBe(invitations.length);
    expect(invitations.length).toBeGreaterThan(2);
  });
});
