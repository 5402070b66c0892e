import { beforeEach, describe, expect, it, vi } from "vitest";

import { asAccessToken } from "@/lib/google/client";

import {
  afterOwnWrite,
  clearInvitationCache,
  invalidateInvitations,
  listInvitationsForCoursesCached,
} from "./invitation-cache";
import type { CourseInvitations, Invitation } from "./invitations";

const token = asAccessToken("ya29.cache-test");
const inv = (courseId: string, n: number): Invitation => ({
  id: `${courseId}-${n}`,
  courseId,
  userId: `u${n}`,
  role: "STUDENT",
});

/** A fake invitations.list fan-out that records which courses it was asked for. */
function fakeList(fail: ReadonlySet<string> = new Set()) {
  const asked: string[][] = [];
  const list = vi.fn(async (_t: unknown, ids: readonly string[]): Promise<CourseInvitations[]> => {
    asked.push([...ids]);
    return ids.map((courseId) =>
      fail.has(courseId)
        ? { courseId, invitations: [], error: new Error("boom") as never }
        : { courseId, invitations: [inv(courseId, asked.length)] },
    );
  });
  return { list, asked };
}

beforeEach(() => clearInvitationCache());

describe("listInvitationsForCoursesCached", () => {
  it("answers recent courses from memory, reads only the rest, and keeps the order asked", async () => {
    const { list, asked } = fakeList();
    let t = 1_000;
    const now = () => t;
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1", "c2"], { list, now });
    t += 30_000;
    const out = await listInvitationsForCoursesCached(token, "viewer-a", ["c3", "c2", "c1"], { list, now });
    expect(asked).toEqual([["c1", "c2"], ["c3"]]);
    expect(out.map((r) => r.courseId)).toEqual(["c3", "c2", "c1"]);
    expect(out[1]!.invitations[0]!.id).toBe("c2-1"); // from the first read
  });

  it("reads again after the staleness limit, and always with maxAgeMs 0", async () => {
    const { list, asked } = fakeList();
    let t = 0;
    const now = () => t;
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list, now });
    t = 61_000;
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list, now });
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list, now, maxAgeMs: 0 });
    expect(asked).toHaveLength(3);
  });

  it("never shares between users", async () => {
    const { list, asked } = fakeList();
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list });
    await listInvitationsForCoursesCached(token, "viewer-b", ["c1"], { list });
    expect(asked).toEqual([["c1"], ["c1"]]);
  });

  it("never caches a failed course", async () => {
    const { list, asked } = fakeList(new Set(["bad"]));
    const first = await listInvitationsForCoursesCached(token, "viewer-a", ["ok", "bad"], { list });
    expect(first[1]!.error).toBeDefined();
    await listInvitationsForCoursesCached(token, "viewer-a", ["ok", "bad"], { list });
    expect(asked).toEqual([["ok", "bad"], ["bad"]]);
  });

  it("calls onCourse for cached and fresh courses alike", async () => {
    const { list } = fakeList();
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list });
    const seen: string[] = [];
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list, onCourse: (r) => seen.push(r.courseId) });
    expect(seen).toEqual(["c1"]);
  });
});

describe("invalidation by the user's own writes", () => {
  it("drops that user's lists (some courses, or all), not other users'", async () => {
    const { list, asked } = fakeList();
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1", "c2"], { list });
    await listInvitationsForCoursesCached(token, "viewer-b", ["c1"], { list });
    invalidateInvitations("viewer-a", ["c1"]);
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1", "c2"], { list });
    await listInvitationsForCoursesCached(token, "viewer-b", ["c1"], { list });
    expect(asked).toEqual([["c1", "c2"], ["c1"], ["c1"]]);
    await afterOwnWrite("viewer-a", async () => "written");
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1", "c2"], { list });
    expect(asked.at(-1)).toEqual(["c1", "c2"]);
  });

  it("does not cache a read that overlapped the user's write (it may predate the write)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const list = vi.fn(async (_t: unknown, ids: readonly string[]) => {
      await gate;
      return ids.map((courseId) => ({ courseId, invitations: [inv(courseId, 0)] }));
    });
    const reading = listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list });
    await afterOwnWrite("viewer-a", async () => undefined);
    release();
    await reading;
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list });
    expect(list).toHaveBeenCalledTimes(2);
  });

  it("invalidates even when the write fails", async () => {
    const { list, asked } = fakeList();
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list });
    await expect(afterOwnWrite("viewer-a", async () => Promise.reject(new Error("refused")))).rejects.toThrow(
      "refused",
    );
    await listInvitationsForCoursesCached(token, "viewer-a", ["c1"], { list });
    expect(asked).toHaveLength(2);
  });
});
