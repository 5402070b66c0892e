// (a) and (b) at the library level: ours (lib/classroom through /batch and the scheduler)
// against GAM's way (the plain @googleapis/classroom client, one call at a time).
// The environment must point lib/env at the emulator before this module is imported.
import { auth, classroom } from "@googleapis/classroom";

import { BULK_REPOSTS, createInvitations, type CreateRow as BulkCreateRow } from "../lib/classroom/create-invitations";
import { deleteInvitations } from "../lib/classroom/revoke-invitations";
import { listCourses } from "../lib/classroom/courses";
import { listInvitationsForCourses } from "../lib/classroom/invitations";
import { asAccessToken } from "../lib/google/client";
import { getScheduler } from "../lib/google/scheduler-instance";
import type { BenchEmulator, EmulatorState } from "./emulator";
import { roundTrips } from "./emulator";

export interface Measured {
  wallMs: number;
  roundTrips: number;
  /** Calls counted by Google's quota (batch parts individually). */
  apiCalls: number;
  http429: number;
}

export async function measure<T>(emu: BenchEmulator, fn: () => Promise<T>): Promise<{ result: T; m: Measured }> {
  await emu.control("DELETE", "/emulator/v1/requests");
  const done = emu.mark();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const counts = done();
  const log = await emu.requestLog();
  return {
    result,
    m: {
      wallMs,
      roundTrips: roundTrips(counts),
      apiCalls: log.length,
      http429: counts.outer429 + log.filter((r) => r.status === 429).length,
    },
  };
}

/** Ours: courses.list, then every course's invitations through /batch (what the page's server does). */
export async function oursPendingList(emu: BenchEmulator, token: string) {
  return measure(emu, async () => {
    const t = asAccessToken(token);
    const courses = await listCourses(t, { pageSize: 1000 });
    const lists = await listInvitationsForCourses(
      t,
      courses.map((c) => c.id),
    );
    const failed = lists.filter((l) => l.error).length;
    return { courses: courses.length, pending: lists.reduce((n, l) => n + l.invitations.length, 0), failed };
  });
}

function plainClient(emu: BenchEmulator, token: string) {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: token });
  return classroom({ version: "v1", auth: oauth, rootUrl: `${emu.url}/` });
}

/** GAM's way: courses.list (all pages), then invitations.list per course, one at a time. */
export async function serialPendingList(emu: BenchEmulator, token: string) {
  return measure(emu, async () => {
    const api = plainClient(emu, token);
    const courses: string[] = [];
    let pageToken: string | undefined;
    do {
      const res = await api.courses.list({ pageToken });
      for (const c of res.data.courses ?? []) if (c.id) courses.push(c.id);
      pageToken = res.data.nextPageToken ?? undefined;
    } while (pageToken);
    let pending = 0;
    for (const courseId of courses) {
      let pt: string | undefined;
      do {
        const res = await api.invitations.list({ courseId, pageToken: pt });
        pending += res.data.invitations?.length ?? 0;
        pt = res.data.nextPageToken ?? undefined;
      } while (pt);
    }
    return { courses: courses.length, pending, failed: 0 };
  });
}

/** `n` (course, student) pairs with neither membership nor invitation, one per ACTIVE course. */
export function freshPairs(s: EmulatorState, n: number): BulkCreateRow[] {
  const byId = new Map(s.users.map((u) => [u.id, u]));
  const students = [...new Set(s.courses.flatMap((c) => c.studentIds))]
    .map((id) => byId.get(id)!)
    .filter((u) => u && !u.disabled && !u.isAdmin);
  const invited = new Set(s.invitations.map((i) => `${i.courseId}/${i.userId}`));
  const rows: BulkCreateRow[] = [];
  let k = 0;
  for (const course of s.courses.filter((c) => c.courseState === "ACTIVE")) {
    for (let tries = 0; tries < students.length && rows.length < n; tries++) {
      const u = students[k++ % students.length]!;
      if (course.studentIds.includes(u.id) || course.teacherIds.includes(u.id) || invited.has(`${course.id}/${u.id}`))
        continue;
      rows.push({ courseId: course.id, userId: u.email, role: "STUDENT" });
      break;
    }
    if (rows.length >= n) break;
  }
  if (rows.length < n) throw new Error(`only ${rows.length} fresh pairs`);
  return rows;
}

export interface BulkCheck {
  created: number;
  duplicates: number;
  missing: number;
}

/** What landed: each pair must hold exactly one invitation. */
export async function checkLanded(
  emu: BenchEmulator,
  rows: readonly BulkCreateRow[],
): Promise<BulkCheck & { ids: string[] }> {
  const s = await emu.state();
  const idOf = new Map(s.users.map((u) => [u.email, u.id]));
  const counts = new Map<string, string[]>();
  for (const r of rows) counts.set(`${r.courseId}/${idOf.get(r.userId)}`, []);
  for (const inv of s.invitations) counts.get(`${inv.courseId}/${inv.userId}`)?.push(inv.id);
  let duplicates = 0;
  let missing = 0;
  const ids: string[] = [];
  for (const found of counts.values()) {
    if (found.length === 0) missing++;
    duplicates += Math.max(0, found.length - 1);
    ids.push(...found);
  }
  return { created: ids.length, duplicates, missing, ids };
}

export async function oursBulkCreate(emu: BenchEmulator, token: string, rows: readonly BulkCreateRow[]) {
  return measure(emu, async () => {
    // As a bulk job sends its rows (lib/jobs/handlers/invite.ts).
    const outcomes = await createInvitations(asAccessToken(token), rows, { reposts: BULK_REPOSTS });
    return { ok: outcomes.filter((o) => o.ok).length, reconciled: outcomes.filter((o) => o.ok && o.reconciled).length };
  });
}

export async function oursBulkRevoke(emu: BenchEmulator, token: string, ids: readonly string[]) {
  return measure(emu, async () => {
    const outcomes = await deleteInvitations(asAccessToken(token), ids);
    return { ok: outcomes.filter((o) => o.ok).length };
  });
}

export async function serialBulkCreate(emu: BenchEmulator, token: string, rows: readonly BulkCreateRow[]) {
  return measure(emu, async () => {
    const api = plainClient(emu, token);
    let ok = 0;
    for (const r of rows) {
      try {
        await api.invitations.create({ requestBody: { courseId: r.courseId, userId: r.userId, role: r.role } });
        ok++;
      } catch {
        // GAM reports and moves on.
      }
    }
    return { ok, reconciled: 0 };
  });
}

export async function serialBulkRevoke(emu: BenchEmulator, token: string, ids: readonly string[]) {
  return measure(emu, async () => {
    const api = plainClient(emu, token);
    let ok = 0;
    for (const id of ids) {
      try {
        await api.invitations.delete({ id });
        ok++;
      } catch {
        // as above
      }
    }
    return { ok };
  });
}

export function schedulerStats() {
  return getScheduler().stats();
}
