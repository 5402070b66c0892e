import "server-only";

import { db, type Db } from "@/lib/db";
import { env } from "@/lib/env";

import { nextSlotAt, planSchedule, remainingAt, type Budget, type ScheduleSlot } from "./schedule";

type Tx = Pick<Db, "query">;

/** The configured per-sender budget (CLASSROOM_INVITATIONS_PER_DAY over CLASSROOM_INVITATION_WINDOW_SECONDS). */
export function configuredBudget(): Budget {
  const b = env().invitationBudget;
  return { perWindow: b.perWindow, windowMs: b.windowSeconds * 1000 };
}

/** Send times of the sender's invitations still inside the window, as epoch ms. */
export async function ledgerTimes(tx: Tx, senderId: string, budget: Budget, now: number): Promise<number[]> {
  const rows = await tx.query<{ at: Date | string }>(
    "SELECT at FROM invitation_ledger WHERE sender_id = $1 AND at > $2 ORDER BY at",
    [senderId, new Date(now - budget.windowMs)],
  );
  return rows.map((r) => new Date(r.at).getTime());
}

/** What the preview shows: when `count` more invitations from this sender would go out. */
export async function scheduleFor(
  d: Db,
  senderId: string,
  count: number,
  budget = configuredBudget(),
  now = Date.now(),
): Promise<{ remaining: number; slots: ScheduleSlot[] }> {
  const times = await ledgerTimes(d, senderId, budget, now);
  return { remaining: remainingAt(times, budget, now), slots: planSchedule(times, count, budget, now) };
}

/**
 * Claims up to `seqs.length` slots of the sender's budget for these items, under a per-sender
 * lock so that several jobs of one sender share one budget. Returns the items that got a slot
 * (a prefix of `seqs`) and, when none did, when the next slot frees up.
 */
export async function reserve(
  d: Db,
  senderId: string,
  jobId: string,
  seqs: readonly number[],
  budget: Budget,
  now: number,
): Promise<{ granted: number[]; nextAt?: number }> {
  return d.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`invitation-ledger:${senderId}`]);
    const times = await ledgerTimes(tx, senderId, budget, now);
    const granted = seqs.slice(0, remainingAt(times, budget, now));
    if (granted.length === 0) return { granted, nextAt: nextSlotAt(times, budget, now) };
    await tx.query(
      `INSERT INTO invitation_ledger (sender_id, at, job_id, seq)
       SELECT $1, $2, $3, s FROM unnest($4::int[]) AS s`,
      [senderId, new Date(now), jobId, granted],
    );
    return { granted };
  });
}

/**
 * After the answers: items that created an invitation keep their slot, re-stamped with the time
 * the answer came (never earlier than Google's own count, so the window is never thought to
 * roll too soon); items that created nothing give it back.
 */
export async function settle(
  tx: Tx,
  jobId: string,
  kept: readonly number[],
  released: readonly number[],
  now: number,
): Promise<void> {
  if (kept.length > 0) {
    await tx.query("UPDATE invitation_ledger SET at = $3 WHERE job_id = $1 AND seq = ANY($2::int[])", [
      jobId,
      kept,
      new Date(now),
    ]);
  }
  if (released.length > 0) {
    await tx.query("DELETE FROM invitation_ledger WHERE job_id = $1 AND seq = ANY($2::int[])", [jobId, released]);
  }
}

/**
 * Google refused for the daily cap: its count is the truth. Whatever the ledger thought, the
 * sender's window is full now (invitations sent outside the dashboard count too), so it is
 * filled up to the budget with 'outside' rows, and nothing is sent until they age out.
 */
export async function recordCapReached(d: Db, senderId: string, budget: Budget, now: number): Promise<number> {
  return d.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`invitation-ledger:${senderId}`]);
    const times = await ledgerTimes(tx, senderId, budget, now);
    const missing = remainingAt(times, budget, now);
    if (missing > 0) {
      await tx.query(
        `INSERT INTO invitation_ledger (sender_id, at, source)
         SELECT $1, $2, 'outside' FROM generate_series(1, $3::int)`,
        [senderId, new Date(now), missing],
      );
    }
    return now + budget.windowMs;
  });
}

/** Ledger rows older than any window still matters: kept a little longer than one window. */
export async function pruneLedger(d: Db, budget: Budget, now: number): Promise<void> {
  await d.query("DELETE FROM invitation_ledger WHERE at < $1", [new Date(now - 2 * budget.windowMs)]);
}

/**
 * Invitations created outside a job (the create form, a change of role, an interactive bulk
 * chunk) count against the same daily budget. Recorded after Classroom has created them, so a
 * failure to record is logged, never reported as a failed invitation.
 */
export async function recordInteractive(senderId: string, count: number, now = Date.now()): Promise<void> {
  if (count <= 0) return;
  try {
    await (
      await db()
    ).query(
      `INSERT INTO invitation_ledger (sender_id, at, source)
       SELECT $1, $2, 'interactive' FROM generate_series(1, $3::int)`,
      [senderId, new Date(now), count],
    );
  } catch (e) {
    console.error("[jobs] could not record invitations in the ledger:", e instanceof Error ? e.message : e);
  }
}
