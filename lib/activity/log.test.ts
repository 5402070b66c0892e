import { beforeAll, describe, expect, it } from "vitest";

process.env.PGLITE_DATA_DIR = "memory://";

const { listActivity, recordActivity } = await import("./log");

const actor = { id: "u1", email: "Teacher@Northwood.edu" };

describe("activity log", () => {
  beforeAll(async () => {
    // 120 entries: ids cross from two to three digits, where text ordering would break.
    await recordActivity(
      Array.from({ length: 120 }, (_, i) => ({
        actor,
        action: "invitation.create" as const,
        courseId: i % 2 ? "c-odd" : "c-even",
        invitee: `s${i}@northwood.edu`,
        role: "STUDENT",
        outcome: i % 10 === 0 ? ("error" as const) : ("ok" as const),
        errorCode: i % 10 === 0 ? "ALREADY_EXISTS" : null,
      })),
    );
  });

  it("lists newest first by numeric id, with keyset paging", async () => {
    const page = await listActivity({ limit: 50 });
    const ids = page.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(page[0]!.invitee).toBe("s119@northwood.edu");
    const next = await listActivity({ limit: 50, before: page.at(-1)!.id });
    expect(Number(next[0]!.id)).toBe(ids.at(-1)! - 1);
  });

  it("filters by visibility, outcome and text; lower-cases e-mails", async () => {
    const teacher = await listActivity({ visibleTo: { courseIds: ["c-odd"], actorId: "someone-else" }, limit: 1000 });
    expect(teacher).toHaveLength(60);
    expect(teacher.every((r) => r.courseId === "c-odd")).toBe(true);
    const own = await listActivity({ visibleTo: { courseIds: [], actorId: "u1" }, limit: 1000 });
    expect(own).toHaveLength(120);
    const failed = await listActivity({ outcome: "error", q: "already_exists", limit: 1000 });
    expect(failed).toHaveLength(12);
    expect(failed[0]!.actorEmail).toBe("teacher@northwood.edu");
    expect(await listActivity({ q: "100%_" })).toEqual([]);
  });

  it("stores an entry's details as JSON", async () => {
    await recordActivity({
      actor,
      action: "invitation.accept",
      outcome: "ok",
      details: { outcome: "joined", note: "a\u0000b" },
    });
    const { db } = await import("@/lib/db");
    const rows = await (
      await db()
    ).query<{ details: unknown }>("SELECT details FROM activity_log ORDER BY id DESC LIMIT 1");
    expect(rows[0]!.details).toEqual({ outcome: "joined", note: "ab" });
  });

  it("stores text with NUL bytes instead of failing", async () => {
    await recordActivity({ actor, action: "invitation.revoke", courseName: "Bad\u0000Name", outcome: "ok" });
    const [latest] = await listActivity({ limit: 1 });
    expect(latest!.courseName).toBe("BadName");
  });
});
