import { describe, expect, it } from "vitest";

import {
  classifyGone,
  endedSince,
  filterRecords,
  historyStart,
  invitedVsAccepted,
  median,
  timeToAccept,
  weekStart,
  type ClassNow,
  type Gone,
  type LifeRecord,
} from "./invitation-lifecycle";

const gone = (over: Partial<Gone> = {}): Gone => ({
  invitationId: "inv1",
  courseId: "c1",
  userId: "100",
  invitee: "ada@northwood.edu",
  role: "STUDENT",
  ...over,
});
const cls = (over: Partial<ClassNow> = {}): ClassNow => ({
  ownerId: "1",
  teachers: [{ id: "1", email: "owner@northwood.edu" }],
  students: [],
  pending: [],
  ...over,
});

describe("classifyGone", () => {
  it("accepted when the person is a member in the invited role, revoked when not a member", () => {
    expect(classifyGone(gone(), cls({ students: [{ id: "100" }] }))).toBe("accepted");
    expect(classifyGone(gone(), cls())).toBe("revoked");
    expect(classifyGone(gone({ role: "TEACHER" }), cls({ teachers: [{ id: "1" }, { id: "100" }] }))).toBe("accepted");
  });

  it("needs the invited role or a higher one: a student seat does not accept a co-teacher invitation", () => {
    expect(classifyGone(gone({ role: "TEACHER" }), cls({ students: [{ id: "100" }] }))).toBe("revoked");
    // A teacher offered a student seat is in, as accept itself treats it.
    expect(classifyGone(gone(), cls({ teachers: [{ id: "1" }, { id: "100" }] }))).toBe("accepted");
    // Ownership is the course's ownerId, not a teacher seat.
    expect(classifyGone(gone({ role: "OWNER" }), cls({ teachers: [{ id: "1" }, { id: "100" }] }))).toBe("revoked");
    expect(classifyGone(gone({ role: "OWNER" }), cls({ ownerId: "100", teachers: [{ id: "100" }] }))).toBe("accepted");
  });

  it("matches by email when no listing ever showed the invitee's id", () => {
    const made = gone({ userId: null, invitee: "Ada@Northwood.edu" });
    expect(classifyGone(made, cls({ students: [{ id: "100", email: "ada@northwood.edu" }] }))).toBe("accepted");
    expect(classifyGone(made, cls({ students: [{ id: "100", email: null }] }))).toBe("revoked");
    // A numeric invitee is the id itself.
    expect(classifyGone(gone({ userId: null, invitee: "100" }), cls({ students: [{ id: "100" }] }))).toBe("accepted");
  });

  it("replaced when the same person has another pending invitation to the class", () => {
    expect(classifyGone(gone(), cls({ pending: [{ id: "inv2", userId: "100" }] }))).toBe("replaced");
  });

  it("tells nothing from a read that still lists the invitation", () => {
    expect(classifyGone(gone(), cls({ pending: [{ id: "inv1", userId: "100" }] }))).toBeNull();
  });
});

const DAY = 86_400_000;
// Wednesday 2 December 2026, 12:00 UTC.
const NOW = Date.parse("2026-12-02T12:00:00Z");
const rec = (over: Partial<LifeRecord>): LifeRecord => ({
  invitationId: "i",
  courseId: "c1",
  role: "STUDENT",
  firstSeenAt: new Date(NOW - DAY).toISOString(),
  closedAt: null,
  outcome: null,
  ...over,
});

describe("weeks", () => {
  it("start on Monday 00:00 UTC, twelve of them ending with this one", () => {
    expect(new Date(weekStart(NOW)).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(new Date(weekStart(Date.parse("2026-11-30T00:00:00Z"))).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(new Date(weekStart(Date.parse("2026-11-29T23:59:59Z"))).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(new Date(historyStart(NOW)).toISOString()).toBe("2026-09-14T00:00:00.000Z");
  });

  it("count invitations first seen and accepted per week, leaving out replaced ones and older ones", () => {
    const at = (iso: string) => new Date(iso).toISOString();
    const weeks = invitedVsAccepted(
      [
        rec({ firstSeenAt: at("2026-11-30T01:00:00Z") }),
        rec({ firstSeenAt: at("2026-11-29T23:00:00Z"), closedAt: at("2026-12-01T00:00:00Z"), outcome: "accepted" }),
        rec({ firstSeenAt: at("2026-11-24T00:00:00Z"), closedAt: at("2026-11-25T00:00:00Z"), outcome: "revoked" }),
        rec({ firstSeenAt: at("2026-11-24T00:00:00Z"), closedAt: at("2026-11-25T00:00:00Z"), outcome: "replaced" }),
        // First seen before the window, accepted inside it: an acceptance, not an invitation, of these weeks.
        rec({ firstSeenAt: at("2026-08-01T00:00:00Z"), closedAt: at("2026-09-14T00:00:00Z"), outcome: "accepted" }),
      ],
      NOW,
    );
    expect(weeks).toHaveLength(12);
    expect(weeks[0]).toEqual({ start: "2026-09-14", invited: 0, accepted: 1 });
    expect(weeks.at(-2)).toEqual({ start: "2026-11-23", invited: 2, accepted: 0 });
    expect(weeks.at(-1)).toEqual({ start: "2026-11-30", invited: 1, accepted: 1 });
    expect(weeks.reduce((n, w) => n + w.invited, 0)).toBe(3);
  });

  it("count what ended in the window by outcome, a decline with the revokes", () => {
    const closed = (outcome: LifeRecord["outcome"], ago: number) =>
      rec({ outcome, closedAt: new Date(NOW - ago * DAY).toISOString() });
    const since = historyStart(NOW);
    expect(
      endedSince(
        [
          closed("accepted", 1),
          closed("revoked", 2),
          closed("declined", 3),
          closed("replaced", 4),
          closed("accepted", 90),
          rec({}),
        ],
        since,
      ),
    ).toEqual({ accepted: 1, revoked: 2, replaced: 1 });
  });
});

describe("time to accept", () => {
  it("median: the middle value, the mean of the two middle ones, or null", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it("over invitations accepted since the start, overall and per class; a negative span counts as zero", () => {
    const since = historyStart(NOW);
    const acc = (courseId: string, days: number, closedAgo = 1) =>
      rec({
        courseId,
        firstSeenAt: new Date(NOW - (closedAgo + days) * DAY).toISOString(),
        closedAt: new Date(NOW - closedAgo * DAY).toISOString(),
        outcome: "accepted",
      });
    const { overall, byClass } = timeToAccept(
      [
        acc("c1", 1),
        acc("c1", 3),
        acc("c2", 10),
        acc("c2", -0.5), // clocks of two instances
        acc("c2", 2),
        acc("c3", 1, 200), // accepted long before the window
        rec({ outcome: "revoked", closedAt: new Date(NOW).toISOString() }),
      ],
      since,
    );
    expect(byClass.get("c1")).toEqual({ count: 2, medianMs: 2 * DAY });
    expect(byClass.get("c2")).toEqual({ count: 3, medianMs: 2 * DAY });
    expect(byClass.has("c3")).toBe(false);
    expect(overall).toEqual({ count: 5, medianMs: 2 * DAY });
    expect(timeToAccept([], since).overall).toBeNull();
  });
});

describe("filterRecords", () => {
  it("applies class, role, state and owner; drops classes the viewer can't read", () => {
    const classes = { c1: { state: "ACTIVE", ownerId: "o1" }, c2: { state: "ARCHIVED", ownerId: "o2" } };
    const records = [
      rec({ invitationId: "a", courseId: "c1" }),
      rec({ invitationId: "b", courseId: "c2", role: "TEACHER" }),
      rec({ invitationId: "c", courseId: "c9" }),
    ];
    const none = { q: "ignored", course: "", role: "", state: "", owner: "", olderThan: "7" };
    const ids = (f: Partial<typeof none>) =>
      filterRecords(records, { ...none, ...f }, classes).map((r) => r.invitationId);
    expect(ids({})).toEqual(["a", "b"]);
    expect(ids({ course: "c2" })).toEqual(["b"]);
    expect(ids({ role: "TEACHER" })).toEqual(["b"]);
    expect(ids({ state: "ACTIVE" })).toEqual(["a"]);
    expect(ids({ owner: "o2" })).toEqual(["b"]);
  });
});
