// The lifecycle's SQL on the embedded database (PGlite) or, where TEST_DATABASE_URL is set (CI),
// on a fresh database of that Postgres: the same statements must hold on both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { freshPostgres } from "@/lib/test/fresh-postgres";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET ??= "invitation-meta-secret-invitation-meta-s";
const pg = await freshPostgres("invitation_meta");
if (pg) process.env.DATABASE_URL = pg.url;

const { recordInvitationMeta, recordListing, recordOutcomes, listUnclassified, listLifecycle } =
  await import("./invitation-meta");

const { db } = await import("@/lib/db");

afterAll(async () => {
  if (pg) {
    await (await db()).close();
    await pg.drop();
  }
});

const inv = (id: string, courseId = "c1", userId = `u-${id}`) => ({ id, courseId, userId, role: "STUDENT" });
const lifeOf = async (id: string) =>
  (await listLifecycle(["c1", "c2"], new Date(0))).find((r) => r.invitationId === id);

describe("invitation lifecycle in invitation_meta", () => {
  // The first query opens PGlite, which compiles its WASM build: seconds on a busy machine.
  beforeAll(async () => {
    await recordListing([inv("a"), inv("b"), inv("c"), inv("d", "c2")]);
  }, 60_000);

  it("a listing closes what its courses no longer hold, dated by the listing; other courses are untouched", async () => {
    const at = Date.now() + 1_000;
    await recordListing([inv("a")], [{ courseId: "c1", at }]);
    expect((await lifeOf("a"))!.closedAt).toBeNull();
    expect((await lifeOf("b"))!.closedAt).toBe(new Date(at).toISOString());
    expect((await lifeOf("d"))!.closedAt).toBeNull();
    const gone = await listUnclassified(["c1", "c2"], 10);
    expect(gone.map((g) => g.invitationId).sort()).toEqual(["b", "c"]);
    expect(gone.find((g) => g.invitationId === "b")).toMatchObject({ courseId: "c1", userId: "u-b", role: "STUDENT" });
  });

  it("never closes an invitation first seen after the listing was asked for (a cached list)", async () => {
    await recordInvitationMeta({
      invitationId: "e",
      courseId: "c1",
      invitee: "Eve@x.edu",
      role: "STUDENT",
      userId: "u-e",
    });
    await recordListing([inv("a")], [{ courseId: "c1", at: Date.now() - 60_000 }]);
    expect((await lifeOf("e"))!.closedAt).toBeNull();
  });

  it("an observed outcome fills in a gone invitation once; the dashboard's own closes an open one now", async () => {
    await recordOutcomes([{ invitationId: "b", outcome: "accepted" }], "observed");
    await recordOutcomes([{ invitationId: "b", outcome: "revoked" }], "observed");
    expect((await lifeOf("b"))!.outcome).toBe("accepted");
    expect((await listUnclassified(["c1"], 10)).map((g) => g.invitationId)).toEqual(["c"]);

    const before = Date.now();
    await recordOutcomes([{ invitationId: "d", outcome: "declined" }], "dashboard");
    const d = (await lifeOf("d"))!;
    expect(d.outcome).toBe("declined");
    expect(Date.parse(d.closedAt!)).toBeGreaterThanOrEqual(before - 5_000);
    // Closed already: a later listing of its course leaves it alone.
    await recordListing([], [{ courseId: "c2", at: Date.now() + 5_000 }]);
    expect((await lifeOf("d"))!.closedAt).toBe(d.closedAt);
  });

  it("a look asked after an invitation was closed, that still lists it, reopens it; an older look does not", async () => {
    await recordListing([inv("g")]);
    const closedAt = Date.now() + 20_000;
    await recordListing([], [{ courseId: "c1", at: closedAt }]);
    expect((await lifeOf("g"))!.closedAt).not.toBeNull();
    await recordListing([inv("g")], [{ courseId: "c1", at: closedAt - 1_000 }]);
    expect((await lifeOf("g"))!.closedAt).not.toBeNull();
    await recordListing([inv("g")], [{ courseId: "c1", at: closedAt + 1_000 }]);
    expect(await lifeOf("g")).toMatchObject({ closedAt: null, outcome: null });
  });

  it("an outcome for an invitation never seen records nothing", async () => {
    await recordOutcomes([{ invitationId: "never", outcome: "accepted" }], "dashboard");
    expect(await lifeOf("never")).toBeUndefined();
  });

  it("a listing gives an invitation made here its Classroom id, once", async () => {
    await recordInvitationMeta({ invitationId: "f", courseId: "c2", invitee: "fay@x.edu", role: "STUDENT" });
    await recordListing([inv("f", "c2", "777")]);
    await recordListing([], [{ courseId: "c2", at: Date.now() + 10_000 }]);
    expect(await listUnclassified(["c2"], 10)).toEqual([
      { invitationId: "f", courseId: "c2", userId: "777", invitee: "fay@x.edu", role: "STUDENT" },
    ]);
  });
});
