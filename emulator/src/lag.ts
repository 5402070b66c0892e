/**
 * Eventual consistency (`consistencyLagMs`): reads see the world as it was that long ago, as
 * Classroom's do (GAM sleeps 10 s after adding a teacher before reading it back). Writes and
 * their own checks stay strongly consistent: a second create for the same pair is still 409.
 * Only what the API's writes change is tracked (invitations created or removed, members
 * added or removed); the seed is old news.
 */
import type { Invitation } from "./state";

/** Tombstones older than this are dropped; the config caps the lag at the same bound. */
export const MAX_LAG_MS = 120_000;

export class ConsistencyLag {
  private readonly invitationAddedAt = new Map<string, number>();
  private removed: { inv: Invitation; at: number }[] = [];
  private readonly memberAddedAt = new Map<string, number>();
  private removedMembers: { courseId: string; userId: string; kind: "students" | "teachers"; at: number }[] = [];

  clear(): void {
    this.invitationAddedAt.clear();
    this.removed = [];
    this.memberAddedAt.clear();
    this.removedMembers = [];
  }

  invitationAdded(inv: Invitation, now: number): void {
    this.invitationAddedAt.set(inv.id, now);
  }

  invitationRemoved(inv: Invitation, now: number): void {
    this.removed = this.removed.filter((r) => r.at > now - MAX_LAG_MS);
    this.removed.push({ inv, at: now });
  }

  memberAdded(courseId: string, userId: string, now: number): void {
    this.memberAddedAt.set(`${courseId}|${userId}`, now);
  }

  memberRemoved(courseId: string, userId: string, kind: "students" | "teachers", now: number): void {
    this.removedMembers = this.removedMembers.filter((r) => r.at > now - MAX_LAG_MS);
    this.removedMembers.push({ courseId, userId, kind, at: now });
  }

  /**
   * Members removed within the lag, whom a read at `now` still lists (A: Google's roster reads
   * lag removals as they lag adds; a sync that re-reads at once must not take the old list as
   * proof that a removal failed).
   */
  removedMemberIds(courseId: string, kind: "students" | "teachers", lagMs: number, now: number): string[] {
    if (lagMs <= 0) return [];
    const horizon = now - lagMs;
    return this.removedMembers
      .filter((r) => r.courseId === courseId && r.kind === kind && r.at > horizon)
      .filter((r) => (this.memberAddedAt.get(`${courseId}|${r.userId}`) ?? -Infinity) <= horizon)
      .map((r) => r.userId);
  }

  /**
   * What a read at `now` sees of `live` (the invitations that match it now): those created
   * within the lag are not there yet, and those removed within the lag, matching `matches`,
   * are still there.
   */
  invitations(live: Invitation[], matches: (inv: Invitation) => boolean, lagMs: number, now: number): Invitation[] {
    if (lagMs <= 0) return live;
    const horizon = now - lagMs;
    const seen = (inv: Invitation) => (this.invitationAddedAt.get(inv.id) ?? -Infinity) <= horizon;
    const out = live.filter(seen);
    for (const r of this.removed) {
      if (r.at > horizon && seen(r.inv) && matches(r.inv) && !out.some((i) => i.id === r.inv.id)) out.push(r.inv);
    }
    return out;
  }

  /** invitations.get: the invitation as a read at `now` sees it, or undefined. */
  invitation(id: string, live: Invitation | undefined, lagMs: number, now: number): Invitation | undefined {
    if (lagMs <= 0) return live;
    const horizon = now - lagMs;
    if (live) return (this.invitationAddedAt.get(id) ?? -Infinity) <= horizon ? live : undefined;
    const gone = this.removed.find((r) => r.inv.id === id && r.at > horizon);
    return gone && (this.invitationAddedAt.get(id) ?? -Infinity) <= horizon ? gone.inv : undefined;
  }

  /** Whether a read at `now` sees `userId` as a member of `courseId` (a current member added within the lag is not yet seen). */
  memberVisible(courseId: string, userId: string, lagMs: number, now: number): boolean {
    if (lagMs <= 0) return true;
    return (this.memberAddedAt.get(`${courseId}|${userId}`) ?? -Infinity) <= now - lagMs;
  }
}
