// The `quota_leases` statements behind SharedBudget (quota-leases.ts): a lease round's grants,
// a slice's settlement, and the cleanup of rows no window can see any more.
import type { Priority } from "./lanes";

/** What this module needs of lib/db's handle (a type only: lib/google opens no database). */
export interface LeaseDb {
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(fn: (tx: { query: LeaseDb["query"] }) => Promise<T>): Promise<T>;
}

/**
 * One scope's request in a lease round: its size, the least that is worth granting (what the
 * request waiting now lacks), and the cap its lane may fill the window to.
 */
export interface Want {
  scope: string;
  amount: number;
  need: number;
  cap: number;
  /** The whole limit (interactive: `cap`; background: what its cap is a share of). */
  limit: number;
  lane: Priority;
}

export type LeaseRow = { id: string | number; scope: string; granted: number };

/** The budget's settings a lease round's statement reads. */
export interface LeaseTimings {
  windowMs: number;
  instanceId: string;
  sliceMs: number;
  graceMs: number;
  retryMs: number;
  paceMs: number;
}

/**
 * Grants each scope what fits: its scope lock taken in a fixed order (no deadlock between
 * instances), then the window's use summed and the slice inserted, in one transaction. Every
 * lane's slices count against the window. A background grant must leave the window at most at
 * the background cap or, when clicks hold it past that, the background lane's own use at most
 * at its floor (half its cap: a refused background request below it leaves a mark, and
 * interactive grants leave that much while the mark lasts); and it is made only while the
 * background slices of the last `paceMs` hold less than the cap's share of that time (one
 * request's need may go past it).
 */
export function leaseSlices(db: LeaseDb, wants: [string, Want][], t: LeaseTimings): Promise<LeaseRow[]> {
  const scopes = wants.map(([s]) => s);
  return db.transaction(async (tx) => {
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtextextended('quota:' || k, 0)) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k OFFSET 0) s",
      [scopes],
    );
    return tx.query<LeaseRow>(
      `WITH req AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $11::int[])
           AS r(scope, want, cap, need, lane, full_limit)
       ),
       used AS (
         SELECT r.scope,
           COALESCE(SUM(COALESCE(l.used, l.granted)), 0)::int AS used,
           COALESCE(SUM(COALESCE(l.used, l.granted)) FILTER (
             WHERE l.lane = 'background' AND l.ends_at > clock_timestamp() - make_interval(secs => $8::float8 / 1000)
           ), 0)::int AS paced,
           COALESCE(SUM(COALESCE(l.used, l.granted)) FILTER (WHERE l.lane = 'background'), 0)::int AS background,
           COALESCE(MAX(l.granted) FILTER (
             WHERE l.lane = 'background' AND l.used = 0 AND l.ends_at > clock_timestamp()
           ), 0)::int AS waiting
         FROM req r LEFT JOIN quota_leases l
           ON l.scope = r.scope AND l.ends_at > clock_timestamp() - make_interval(secs => $6::float8 / 1000)
         GROUP BY r.scope
       ),
       room AS (
         SELECT r.*, CASE WHEN r.lane = 'background' THEN LEAST(
             r.full_limit - u.used,
             GREATEST(r.cap - u.used, GREATEST(r.cap / 2, 1) - u.background),
             CASE WHEN u.paced < ceil(r.cap * $10::float8 / $6::float8)
               THEN GREATEST(ceil(r.cap * $10::float8 / $6::float8)::int - u.paced, r.need) ELSE 0 END
           ) ELSE r.cap - u.used - u.waiting END AS room,
           GREATEST(r.cap / 2, 1) - u.background AS below_floor
         FROM req r JOIN used u USING (scope)
       ),
       refused AS (
         INSERT INTO quota_leases (scope, instance_id, granted, used, ends_at, lane)
         SELECT scope, $7, LEAST(need, below_floor), 0, clock_timestamp() + make_interval(secs => $12::float8 / 1000), lane
         FROM room
         WHERE lane = 'background' AND room < GREATEST(need, 1) AND below_floor > 0
       )
       INSERT INTO quota_leases (scope, instance_id, granted, ends_at, lane)
       SELECT scope, $7, LEAST(want, room), clock_timestamp() + make_interval(secs => $9::float8 / 1000), lane
       FROM room
       WHERE room >= GREATEST(need, 1)
       RETURNING id, scope, granted`,
      [
        scopes,
        wants.map(([, w]) => Math.max(1, Math.ceil(w.amount))),
        wants.map(([, w]) => Math.max(1, Math.floor(w.cap))),
        wants.map(([, w]) => Math.max(1, Math.ceil(w.need))),
        wants.map(([, w]) => w.lane),
        t.windowMs,
        t.instanceId,
        t.paceMs,
        t.sliceMs + t.graceMs,
        // A slice counts from its grant until `paceMs` after it settles, `sliceMs` later.
        t.paceMs + t.sliceMs,
        wants.map(([, w]) => Math.max(1, Math.floor(w.limit))),
        // A refused background request below its floor leaves a mark (used 0, counted nowhere)
        // that holds its need back from interactive grants until it has asked again.
        3 * t.retryMs,
      ],
    );
  });
}

/** Records what a slice spent, its end stamped now (after its last request). */
export function settleSlice(db: LeaseDb, id: string, used: number): Promise<unknown> {
  return db.query("UPDATE quota_leases SET used = $2, ends_at = clock_timestamp() WHERE id = $1", [id, used]);
}

/** Drops rows no window can see any more. */
export function deleteOldLeases(db: LeaseDb, windowMs: number): Promise<unknown> {
  return db.query(
    "DELETE FROM quota_leases WHERE ends_at < clock_timestamp() - make_interval(secs => $1::float8 / 1000)",
    [windowMs + 60_000],
  );
}
