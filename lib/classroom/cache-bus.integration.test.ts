// A user's write on one instance reaches every other instance's cache over LISTEN/NOTIFY: two
// listeners on their own connections (as two instances have), one announcement.
import { afterAll, describe, expect, it } from "vitest";

import { freshPostgres } from "@/lib/test/fresh-postgres";

const pg = await freshPostgres("cache_bus");
if (pg) {
  process.env.DATABASE_URL = pg.url;
  process.env.AUTH_SECRET = "cache-bus-secret-cache-bus-secret-cache";
}
const { announceOwnWrite, listenForOwnWrites } = await import("./cache-bus");
const { db } = await import("@/lib/db");

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  if (pg) {
    await (await db()).close();
    await pg.drop();
  }
});

describe.skipIf(!pg)("cache invalidation across instances (real Postgres)", () => {
  it("every listening instance hears a user's write within milliseconds, and only that user's", async () => {
    const heard: { instance: string; viewer: string; at: number }[] = [];
    for (const instance of ["b", "c"]) {
      stops.push(await listenForOwnWrites(pg!.url, (viewer) => heard.push({ instance, viewer, at: Date.now() })));
    }
    const sent = Date.now();
    await announceOwnWrite("user-42");
    for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(heard.map((h) => [h.instance, h.viewer]).sort()).toEqual([
      ["b", "user-42"],
      ["c", "user-42"],
    ]);
    expect(Math.max(...heard.map((h) => h.at - sent))).toBeLessThan(1_000);
  });

  it("a listener whose connection is cut reconnects and hears the next write", async () => {
    const heard: string[] = [];
    stops.push(await listenForOwnWrites(pg!.url, (viewer) => heard.push(viewer)));
    // Cut every other connection to this database, as a Postgres restart would.
    await (
      await db()
    ).query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    await new Promise((r) => setTimeout(r, 1_500));
    for (let i = 0; i < 50 && !heard.includes("user-7"); i++) {
      await announceOwnWrite("user-7");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(heard).toContain("user-7");
  });
});
