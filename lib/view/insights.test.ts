import { describe, expect, it } from "vitest";

import type { LifeRecord } from "./invitation-lifecycle";
import type { InvitationRow } from "./invitation-rows";
import { filterRows, parseInvitationSearch } from "./invitation-search";
import { buildHistory, buildInsights, TOP } from "./insights";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const DAY = 24 * 3600 * 1000;
const row = (over: Partial<InvitationRow>): InvitationRow => ({
  id: "i",
  courseId: "c1",
  userId: "u",
  role: "STUDENT",
  inviteeName: null,
  inviteeEmail: null,
  inviteeUnknown: false,
  courseName: "Biology",
  courseSection: "Period 3",
  courseState: "ACTIVE",
  ownerId: "o1",
  ownerName: "Grace Osei",
  inviterEmail: null,
  firstSeenAt: new Date(NOW - 1000).toISOString(),
  haystack: "",
  ...over,
});
const none = { q: "", course: "", role: "", state: "", owner: "", olderThan: "" };

describe("buildInsights", () => {
  it("buckets pending invitations by age since first seen, with unknown ones apart", () => {
    const rows = [0.5, 1, 3, 6.9, 7, 29, 30, 400].map((d) =>
      row({ firstSeenAt: new Date(NOW - d * DAY).toISOString() }),
    );
    const i = buildInsights([...rows, row({ firstSeenAt: null })], none, NOW);
    expect(i.byAge.map((b) => [b.label, b.count])).toEqual([
      ["0–1 day", 1],
      ["1–7 days", 3],
      ["7–30 days", 2],
      ["Over 30 days", 2],
    ]);
    expect(i.unknownAge).toBe(1);
    expect(i.total).toBe(9);
  });

  it("counts by class and by owner, largest first, each linking to the filtered list", () => {
    const i = buildInsights(
      [
        row({}),
        row({}),
        row({ courseId: "c2", courseName: "Art", courseSection: "", ownerId: "o2", ownerName: "Aoife Brennan" }),
      ],
      { ...none, role: "STUDENT" },
      NOW,
    );
    expect(i.byClass.map((b) => [b.label, b.count, b.href])).toEqual([
      ["Biology (Period 3)", 2, "/invitations?course=c1&role=STUDENT"],
      ["Art", 1, "/invitations?course=c2&role=STUDENT"],
    ]);
    expect(i.byOwner.map((b) => [b.label, b.count, b.href])).toEqual([
      ["Grace Osei", 2, "/invitations?role=STUDENT&owner=o1"],
      ["Aoife Brennan", 1, "/invitations?role=STUDENT&owner=o2"],
    ]);
    // Each age bar opens exactly its bucket.
    expect(i.byAge.map((b) => b.href)).toEqual([
      "/invitations?role=STUDENT&older=0-1&sort=invited",
      "/invitations?role=STUDENT&older=1-7&sort=invited",
      "/invitations?role=STUDENT&older=7-30&sort=invited",
      "/invitations?role=STUDENT&older=30&sort=invited",
    ]);
  });

  it(`shows the ${TOP} largest classes and sums the rest into one bar`, () => {
    const rows = Array.from({ length: TOP + 3 }, (_, k) =>
      row({ courseId: `c${k}`, courseName: `Class ${String(k).padStart(2, "0")}` }),
    );
    const i = buildInsights(rows, none, NOW);
    expect(i.byClass).toHaveLength(TOP + 1);
    expect(i.byClass.at(-1)).toMatchObject({ label: "3 more", count: 3 });
  });
});

describe("age buckets", () => {
  it("a bar's list holds exactly the invitations the bar counts", () => {
    const rows = [0, 0.5, 0.99, 1, 3, 6.99, 7, 29, 30, 31, 400].map((d, k) =>
      row({ id: `i${k}`, firstSeenAt: new Date(NOW - d * DAY).toISOString() }),
    );
    const i = buildInsights(rows, none, NOW);
    for (const bar of i.byAge) {
      const { filters } = parseInvitationSearch(new URL(bar.href, "http://x").searchParams);
      expect(filterRows(rows, filters, NOW), bar.label).toHaveLength(bar.count);
    }
    expect(i.byAge.map((b) => b.count)).toEqual([3, 3, 2, 3]);
  });
});

describe("buildHistory", () => {
  it("weeks and median time to accept, filtered, slowest class first, each linking to its list", () => {
    const accepted = (courseId: string, days: number): LifeRecord => ({
      invitationId: `${courseId}-${days}`,
      courseId,
      role: "STUDENT",
      firstSeenAt: new Date(NOW - (days + 1) * DAY).toISOString(),
      closedAt: new Date(NOW - DAY).toISOString(),
      outcome: "accepted",
    });
    const classes = {
      c1: { name: "Biology", section: "Period 3", state: "ACTIVE", ownerId: "o1" },
      c2: { name: "Art", state: "ACTIVE", ownerId: "o2" },
    };
    const records = [accepted("c1", 1), accepted("c2", 4), accepted("c2", 6)];
    const h = buildHistory(records, none, classes, NOW);
    expect(h.overall).toEqual({ count: 3, medianMs: 4 * DAY });
    expect(h.byClass.map((b) => [b.label, b.valueText, b.detail, b.href])).toEqual([
      ["Art", "5 days", "2", "/invitations?course=c2"],
      ["Biology (Period 3)", "24 hours", "1", "/invitations?course=c1"],
    ]);
    expect(h.weeks.reduce((n, w) => n + w.accepted, 0)).toBe(3);
    expect(buildHistory(records, { ...none, owner: "o1" }, classes, NOW).overall).toEqual({ count: 1, medianMs: DAY });
  });
});
