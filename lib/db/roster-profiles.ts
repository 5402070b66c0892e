import "server-only";

import { db } from "@/lib/db";
import type { SyncOp } from "@/lib/roster/plan";
import type { RosterWire } from "@/lib/roster/wire";

/**
 * Saved roster syncs (tables `roster_profiles`, `roster_runs`, migration 5): the roster as last
 * committed, the class mapping and the options, so a sync can be run again; and each run, with
 * its job and what it changed. A profile is its owner's alone, and so is its class mapping: two
 * rosters may use the same class keys for different classes, so one profile's matches are
 * never reused by another.
 */

/** A profile's options: how its missing people are brought in. */
export interface RosterOptions {
  addDirectly: boolean;
}
export interface RosterProfileSummary {
  id: string;
  name: string;
  sourceName: string;
  classes: number;
  enrollments: number;
  updatedAt: string;
  runs: { at: string; jobId: string | null; counts: Partial<Record<SyncOp, number>> }[];
}

export interface RosterProfile {
  id: string;
  name: string;
  sourceName: string;
  roster: RosterWire;
  mapping: Record<string, string>;
  options: RosterOptions;
}

const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

export async function saveRosterProfile(input: {
  ownerId: string;
  name: string;
  sourceName: string;
  roster: RosterWire;
  mapping: Record<string, string>;
  options: RosterOptions;
}): Promise<string> {
  const [row] = await (
    await db()
  ).query<{ id: string }>(
    `INSERT INTO roster_profiles (owner_id, name, source_name, roster, mapping, options)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb)
     ON CONFLICT (owner_id, name) DO UPDATE
       SET source_name = EXCLUDED.source_name, roster = EXCLUDED.roster, mapping = EXCLUDED.mapping,
         options = EXCLUDED.options, updated_at = now()
     RETURNING id`,
    [
      input.ownerId,
      input.name,
      input.sourceName,
      JSON.stringify(input.roster),
      JSON.stringify(input.mapping),
      JSON.stringify(input.options),
    ],
  );
  return row!.id;
}

export async function recordRosterRun(input: {
  profileId: string;
  jobId: string | null;
  actorId: string;
  counts: Partial<Record<SyncOp, number>>;
}): Promise<void> {
  await (
    await db()
  ).query("INSERT INTO roster_runs (profile_id, job_id, actor_id, counts) VALUES ($1, $2, $3, $4::jsonb)", [
    input.profileId,
    input.jobId,
    input.actorId,
    JSON.stringify(input.counts),
  ]);
}

export async function getRosterProfile(ownerId: string, id: string): Promise<RosterProfile | null> {
  const [row] = await (
    await db()
  ).query<{ id: string; name: string; source_name: string; roster: unknown; mapping: unknown; options: unknown }>(
    "SELECT id, name, source_name, roster, mapping, options FROM roster_profiles WHERE id = $1 AND owner_id = $2",
    [id, ownerId],
  );
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    sourceName: row.source_name,
    roster: json<RosterWire>(row.roster),
    mapping: json<Record<string, string>>(row.mapping),
    options: { addDirectly: json<Partial<RosterOptions>>(row.options)?.addDirectly === true },
  };
}

/** The class mapping saved with the owner's profile of that name (a sync's roster file), or none. */
export async function savedMapping(ownerId: string, name: string): Promise<Record<string, string>> {
  const [row] = await (
    await db()
  ).query<{ mapping: unknown }>("SELECT mapping FROM roster_profiles WHERE owner_id = $1 AND name = $2", [
    ownerId,
    name,
  ]);
  return row ? json<Record<string, string>>(row.mapping) : {};
}

export async function listRosterProfiles(ownerId: string): Promise<RosterProfileSummary[]> {
  const d = await db();
  const profiles = await d.query<{
    id: string;
    name: string;
    source_name: string;
    classes: number;
    enrollments: number;
    updated_at: Date | string;
  }>(
    `SELECT id, name, source_name, jsonb_array_length(roster->'classes') AS classes,
       jsonb_array_length(roster->'enrollments') AS enrollments, updated_at
     FROM roster_profiles WHERE owner_id = $1 ORDER BY updated_at DESC LIMIT 50`,
    [ownerId],
  );
  const runs = await d.query<{ profile_id: string; at: Date | string; job_id: string | null; counts: unknown }>(
    `SELECT profile_id, at, job_id, counts FROM roster_runs
     WHERE profile_id = ANY($1::text[]) ORDER BY at DESC LIMIT 500`,
    [profiles.map((p) => p.id)],
  );
  return profiles.map((p) => ({
    id: p.id,
    name: p.name,
    sourceName: p.source_name,
    classes: Number(p.classes),
    enrollments: Number(p.enrollments),
    updatedAt: new Date(p.updated_at).toISOString(),
    runs: runs
      .filter((r) => r.profile_id === p.id)
      .slice(0, 10)
      .map((r) => ({ at: new Date(r.at).toISOString(), jobId: r.job_id, counts: json(r.counts) })),
  }));
}
