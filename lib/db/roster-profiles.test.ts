// Saved roster syncs keep their class mappings and options to themselves: two rosters may use the
// same class key for different classes, so one profile's matches must never steer another's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.PGLITE_DATA_DIR = "memory://";

const { db } = await import("@/lib/db");
const { getRosterProfile, saveRosterProfile, savedMapping } = await import("./roster-profiles");

const roster = {
  format: "csv" as const,
  classes: [{ key: "period-1", title: "Period 1", aliases: [] }],
  enrollments: [],
};
let ownerId: string;
let otherId: string;

beforeAll(async () => {
  const d = await db();
  const ids = await d.query<{ id: string }>(
    "INSERT INTO users (email, name, role) VALUES ('a@x.edu', 'A', 'admin'), ('b@x.edu', 'B', 'teacher') RETURNING id",
  );
  [ownerId, otherId] = ids.map((r) => r.id) as [string, string];
});

afterAll(async () => {
  await (await db()).close();
});

describe("roster profile mappings", () => {
  it("are keyed by profile: the same class key maps to each profile's own class", async () => {
    const save = (ownerId: string, name: string, courseId: string, addDirectly = false) =>
      saveRosterProfile({
        ownerId,
        name,
        sourceName: name,
        roster,
        mapping: { "period-1": courseId },
        options: { addDirectly },
      });
    const north = await save(ownerId, "north.zip", "111", true);
    await save(ownerId, "south.zip", "222");
    await save(otherId, "north.zip", "333");

    expect(await savedMapping(ownerId, "north.zip")).toEqual({ "period-1": "111" });
    expect(await savedMapping(ownerId, "south.zip")).toEqual({ "period-1": "222" });
    // Another user's profile of the same name is theirs alone; a new roster starts with none.
    expect(await savedMapping(otherId, "north.zip")).toEqual({ "period-1": "333" });
    expect(await savedMapping(ownerId, "east.zip")).toEqual({});

    // Saving one profile again leaves the other's mapping as it was.
    await save(ownerId, "south.zip", "444");
    expect(await savedMapping(ownerId, "north.zip")).toEqual({ "period-1": "111" });
    expect(await getRosterProfile(ownerId, north)).toMatchObject({
      mapping: { "period-1": "111" },
      options: { addDirectly: true },
    });
    expect(await getRosterProfile(otherId, north)).toBeNull();
  });
});
