import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "health-secret-health-secret-health-secret";

const { db } = await import("@/lib/db");
const { readiness } = await import("./health");
const { isDraining } = await import("./shutdown");
const { GET: live } = await import("@/app/api/health/live/route");
const { GET: ready } = await import("@/app/api/health/ready/route");

// Opened (WASM compiled, migrations applied) before the checks: readiness gives the database 2 s
// to answer, which a first open on a busy runner can take on its own.
beforeAll(async () => {
  await db();
}, 30_000);
afterAll(async () => (await db()).close());

describe("health", () => {
  it("live answers 200 without touching the database", async () => {
    const res = live();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "live" });
  });

  it("ready answers 200 once the database answers and every migration is applied", async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", ready: true, database: "pglite" });
  });

  it("is not ready while a migration this build knows is missing", async () => {
    const d = await db();
    const [last] = await d.query<{ id: number; name: string }>(
      "SELECT id, name FROM schema_migrations ORDER BY id DESC LIMIT 1",
    );
    await d.query("DELETE FROM schema_migrations WHERE id = $1", [last!.id]);
    try {
      expect(await readiness()).toEqual({ ready: false, reason: "migrations-pending" });
      const res = await ready();
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "not-ready", reason: "migrations-pending" });
    } finally {
      await d.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [last!.id, last!.name]);
    }
    expect(await readiness()).toMatchObject({ ready: true });
  });

  it("is not ready once draining (SIGTERM), so the load balancer moves on", async () => {
    expect(isDraining()).toBe(false);
    (globalThis as Record<symbol, unknown>)[Symbol.for("classroom-invitations.draining")] = true;
    try {
      expect(await readiness()).toEqual({ ready: false, reason: "draining" });
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("classroom-invitations.draining")];
    }
  });
});
