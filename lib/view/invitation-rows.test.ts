import { describe, expect, it } from "vitest";

import {
  applyInvitationsEvent,
  emptySnapshot,
  mergeCourseSnapshot,
  withInvitations,
  withoutInvitations,
  type InvitationsEvent,
  type InvitationsSnapshot,
} from "./invitations";
import { countText } from "@/lib/format/count";

import { createRowJoiner, toInvitationRows, type InvitationRow } from "./invitation-rows";
import {
  applySearch,
  filterRows,
  parseInvitationSearch,
  toSearchParams,
  type InvitationSearch,
} from "./invitation-search";
import { createRowSorter, SORT_COLUMNS, sortRows } from "./invitation-sort";

function fold(events: InvitationsEvent[]): InvitationsSnapshot {
  return events.reduce(applyInvitationsEvent, emptySnapshot());
}

const courses: InvitationsEvent = {
  t: "courses",
  scope: "admin",
  courses: [
    { id: "c1", name: "Algebra I", section: "Period 1", state: "ACTIVE", ownerId: "t1" },
    { id: "c2", name: "Chemistry", state: "ARCHIVED", ownerId: "t2" },
  ],
};
const inv = (id: string, courseId: string, userId: string, role: "STUDENT" | "TEACHER" | "OWNER" = "STUDENT") => ({
  id,
  courseId,
  userId,
  role,
  inviterEmail: null,
  firstSeenAt: `2025-09-0${id.length}T00:00:00.000Z`,
});

describe("applyInvitationsEvent", () => {
  it("folds a stream into a snapshot with progress, people and the final flags", () => {
    const steps: InvitationsSnapshot[] = [];
    let s = emptySnapshot();
    for (const e of [
      courses,
      {
        t: "invitations",
        courseIds: ["c1"],
        invitations: [inv("i1", "c1", "u1"), inv("i2", "c1", "u2", "TEACHER")],
        failures: [],
      },
      {
        t: "people",
        people: [
          { id: "u1", name: "Priya Raman", email: "student@northwood.edu" },
          { id: "t1", name: "Marisol Alvarez" },
        ],
        unknown: ["u2"],
      },
      {
        t: "invitations",
        courseIds: ["c2"],
        invitations: [],
        failures: [{ courseId: "c2", code: "PERMISSION_DENIED", message: "no" }],
      },
      { t: "listed" },
      { t: "done" },
    ] as InvitationsEvent[]) {
      s = applyInvitationsEvent(s, e);
      steps.push(s);
    }
    expect(steps[0]).toMatchObject({ coursesTotal: 2, coursesLoaded: 0, listed: false });
    expect(steps[1]).toMatchObject({ coursesLoaded: 1 });
    expect(steps[3]).toMatchObject({ coursesLoaded: 2, failures: [{ courseId: "c2" }] });
    expect(s).toMatchObject({ listed: true, complete: true });
    expect(s.invitations.map((i) => i.id)).toEqual(["i1", "i2"]);
    expect(s.people.u2).toBeNull();
  });

  it("re-reading a course replaces its rows instead of duplicating them", () => {
    const s = fold([
      courses,
      { t: "invitations", courseIds: ["c1"], invitations: [inv("i1", "c1", "u1")], failures: [] },
    ]);
    const fresh = fold([
      { ...courses, courses: [courses.courses[0]!] },
      { t: "invitations", courseIds: ["c1"], invitations: [inv("i3", "c1", "u3")], failures: [] },
      { t: "done" },
    ]);
    const merged = mergeCourseSnapshot(s, fresh);
    expect(merged.invitations.map((i) => i.id)).toEqual(["i3"]);
    expect(merged.coursesTotal).toBe(2);
  });

  it("optimistic removal and restore are exact inverses", () => {
    const s = fold([
      courses,
      {
        t: "invitations",
        courseIds: ["c1"],
        invitations: [inv("i1", "c1", "u1"), inv("i2", "c1", "u2")],
        failures: [],
      },
    ]);
    const { snapshot, removed } = withoutInvitations(s, new Set(["i2"]));
    expect(snapshot.invitations.map((i) => i.id)).toEqual(["i1"]);
    expect(
      withInvitations(snapshot, removed)
        .invitations.map((i) => i.id)
        .sort(),
    ).toEqual(["i1", "i2"]);
    // Restoring what is already there does nothing.
    expect(withInvitations(s, removed)).toBe(s);
  });
});

describe("rows, filters and sort", () => {
  const snapshot = fold([
    courses,
    {
      t: "invitations",
      courseIds: ["c1", "c2"],
      invitations: [inv("i1", "c1", "u1"), inv("ii2", "c2", "u2", "TEACHER"), inv("iii3", "c1", "u3", "OWNER")],
      failures: [],
    },
    {
      t: "people",
      people: [
        { id: "u1", name: "Priya Raman", email: "student@northwood.edu" },
        { id: "u2", name: "Leah Brooks", email: "guest@riverside-academy.org" },
        { id: "t1", name: "Marisol Alvarez" },
        { id: "t2", name: "Jonah Okafor" },
      ],
      unknown: [],
    },
  ]);
  const rows = toInvitationRows(snapshot);

  it("joins course, owner and invitee; leaves unresolved names null", () => {
    expect(rows[0]).toMatchObject({
      inviteeName: "Priya Raman",
      courseName: "Algebra I",
      courseSection: "Period 1",
      ownerName: "Marisol Alvarez",
    });
    expect(rows[2]).toMatchObject({ inviteeName: null, inviteeUnknown: false });
  });

  it("filters by free text over name, email and course, every word", () => {
    const f = (q: string) =>
      filterRows(rows, { q, course: "", role: "", state: "", owner: "", olderThan: "" }).map((r) => r.id);
    expect(f("priya")).toEqual(["i1"]);
    expect(f("RIVERSIDE")).toEqual(["ii2"]);
    expect(f("algebra period")).toEqual(["i1", "iii3"]);
    expect(f("chemistry leah")).toEqual(["ii2"]);
    expect(f("nobody")).toEqual([]);
  });

  it("filters by course, role, state and owner", () => {
    const base = { q: "", course: "", role: "", state: "", owner: "", olderThan: "" };
    expect(filterRows(rows, { ...base, course: "c2" }).map((r) => r.id)).toEqual(["ii2"]);
    expect(filterRows(rows, { ...base, role: "OWNER" }).map((r) => r.id)).toEqual(["iii3"]);
    expect(filterRows(rows, { ...base, state: "ARCHIVED" }).map((r) => r.id)).toEqual(["ii2"]);
    expect(filterRows(rows, { ...base, owner: "t1" }).map((r) => r.id)).toEqual(["i1", "iii3"]);
  });

  it("filters invitations pending for more than N days, counted from the dashboard's first sight of them", () => {
    const base = { q: "", course: "", role: "", state: "", owner: "", olderThan: "" };
    // First seen on 2 Sep (i1), 3 Sep (ii2) and 4 Sep (iii3).
    const at = Date.parse("2025-09-10T12:00:00.000Z");
    const older = (days: string) => filterRows(rows, { ...base, olderThan: days }, at).map((r) => r.id);
    expect(older("0")).toEqual(["i1", "ii2", "iii3"]);
    expect(older("7")).toEqual(["i1", "ii2"]);
    expect(older("14")).toEqual([]);
    // Not seen yet: no age to go by, so never "stale".
    expect(filterRows([{ ...rows[0]!, firstSeenAt: null }], { ...base, olderThan: "0" }, at)).toEqual([]);
    expect(parseInvitationSearch(new URLSearchParams("older=7")).filters.olderThan).toBe("7");
    expect(parseInvitationSearch(new URLSearchParams("older=5")).filters.olderThan).toBe("");
    expect(toSearchParams(parseInvitationSearch(new URLSearchParams("older=7"))).toString()).toBe("older=7");
    // An exact bucket: at least 1 day, less than 7 (from 2 Sep: 8 days; 3 Sep: 7 days; 4 Sep: 6 days).
    expect(older("1-7")).toEqual(["iii3"]);
    expect(older("7-30")).toEqual(["i1", "ii2"]);
    expect(parseInvitationSearch(new URLSearchParams("older=1-7")).filters.olderThan).toBe("1-7");
    expect(parseInvitationSearch(new URLSearchParams("older=2-9")).filters.olderThan).toBe("");
  });

  it("sorts on every column both ways, with a stable tie-break", () => {
    expect(sortRows(rows, { id: "invitee", desc: false }).map((r) => r.id)).toEqual(["ii2", "i1", "iii3"]);
    expect(sortRows(rows, { id: "role", desc: true }).map((r) => r.role)).toEqual(["OWNER", "TEACHER", "STUDENT"]);
    expect(sortRows(rows, { id: "state", desc: false })[0]!.courseState).toBe("ACTIVE");
    expect(sortRows(rows, { id: "owner", desc: true })[0]!.ownerName).toBe("Marisol Alvarez");
    expect(sortRows(rows, { id: "invited", desc: true }).map((r) => r.id)).toEqual(["iii3", "ii2", "i1"]);
    expect(sortRows(rows, { id: "course", desc: false }).map((r) => r.id)).toEqual(["i1", "iii3", "ii2"]);
  });

  it("round-trips the search through the URL, leaving defaults out", () => {
    const search: InvitationSearch = {
      filters: { q: "priya", course: "c1", role: "STUDENT", state: "ACTIVE", owner: "t1", olderThan: "" },
      sort: { id: "invitee", desc: true },
    };
    const qs = toSearchParams(search);
    expect(qs.toString()).toBe("q=priya&course=c1&role=STUDENT&state=ACTIVE&owner=t1&sort=invitee&dir=desc");
    expect(parseInvitationSearch(qs)).toEqual(search);
    expect(toSearchParams(parseInvitationSearch(new URLSearchParams())).toString()).toBe("");
    expect(parseInvitationSearch(new URLSearchParams("sort=bogus&role=ADMIN")).sort.id).toBe("course");
    expect(parseInvitationSearch(new URLSearchParams("role=ADMIN")).filters.role).toBe("");
  });

  it("counts in words", () => {
    expect(countText(0)).toBe("0 invitations");
    expect(countText(1)).toBe("1 invitation");
    expect(countText(1234)).toBe("1,234 invitations");
  });
});

describe("5,000 rows", () => {
  it("filters keystroke by keystroke in the sorted order: every word matched, nothing re-sorted", () => {
    const n = 5000;
    const courseEvents: InvitationsEvent = {
      t: "courses",
      scope: "admin",
      courses: Array.from({ length: 1000 }, (_, i) => ({
        id: `c${i}`,
        name: `Course ${i}`,
        section: `Period ${i % 8}`,
        state: i % 10 ? "ACTIVE" : "ARCHIVED",
        ownerId: `t${i % 250}`,
      })),
    };
    const invitations = Array.from({ length: n }, (_, i) => inv(`inv${i}`, `c${i % 1000}`, `u${i}`));
    const people = Array.from({ length: n }, (_, i) => ({
      id: `u${i}`,
      name: `Student ${i} Name`,
      email: `student${i}@northwood.edu`,
    }));
    const snapshot = fold([
      courseEvents,
      { t: "invitations", courseIds: courseEvents.courses.map((c) => c.id), invitations, failures: [] },
      { t: "people", people, unknown: [] },
    ]);
    const rows = toInvitationRows(snapshot);
    const sorted = sortRows(rows, { id: "invitee", desc: false });
    const none = { q: "", course: "", role: "", state: "", owner: "", olderThan: "" };

    // No filter: the sorted list itself, not a copy to re-render.
    expect(filterRows(sorted, none)).toBe(sorted);
    // Each prefix of a typed query: exactly the rows holding every word, in the sorted list's
    // order (a subsequence of it), so a keystroke only filters and never sorts again.
    const position = new Map(sorted.map((r, i) => [r.id, i]));
    const typed = "student 4321";
    for (let k = 1; k <= typed.length; k++) {
      const q = typed.slice(0, k);
      const words = q.split(/\s+/).filter(Boolean);
      const shown = filterRows(sorted, { ...none, q });
      expect(shown).toEqual(sorted.filter((r) => words.every((w) => r.haystack.includes(w))));
      expect(shown.every((r, i) => i === 0 || position.get(shown[i - 1]!.id)! < position.get(r.id)!)).toBe(true);
    }
    expect(filterRows(sorted, { ...none, q: typed }).map((r) => r.id)).toEqual(["inv4321"]);
    expect(
      applySearch(rows, { filters: { ...none, q: typed }, sort: { id: "course", desc: false } }).map((r) => r.id),
    ).toEqual(["inv4321"]);
  });
});

describe("incremental rows (names streaming into 5,000 rows)", () => {
  const listed = fold([
    courses,
    {
      t: "invitations",
      courseIds: ["c1", "c2"],
      invitations: [inv("i1", "c2", "u1"), inv("i22", "c1", "u2"), inv("i333", "c1", "u3")],
      failures: [],
    },
    { t: "listed" },
  ]);

  it("rebuilds only the rows whose invitee or owner changed, and joins like toInvitationRows", () => {
    const join = createRowJoiner();
    const before = join(listed);
    expect(before).toEqual(toInvitationRows(listed));
    const named = applyInvitationsEvent(listed, { t: "people", people: [{ id: "u2", name: "Bea" }], unknown: [] });
    const after = join(named);
    expect(after).toEqual(toInvitationRows(named));
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]!.inviteeName).toBe("Bea");
  });

  it("reuses the order when names arrive and the sort doesn't read names; re-sorts when it does", () => {
    const join = createRowJoiner();
    const sorter = createRowSorter();
    const byCourse = { id: "course", desc: false } as const;
    const byInvitee = { id: "invitee", desc: false } as const;
    let snap = listed;
    expect(sorter(join(snap), snap, byCourse).map((r) => r.id)).toEqual(
      sortRows(join(snap), byCourse).map((r) => r.id),
    );
    snap = applyInvitationsEvent(snap, {
      t: "people",
      people: [
        { id: "u3", name: "Al" },
        { id: "u2", name: "Zed" },
        { id: "u1", name: "Mo" },
      ],
      unknown: [],
    });
    const rows = join(snap);
    const reused = sorter(rows, snap, byCourse);
    expect(reused.map((r) => r.id)).toEqual(sortRows(rows, byCourse).map((r) => r.id));
    expect(reused.every((r) => rows.includes(r))).toBe(true); // the fresh rows, in the kept order
    expect(sorter(rows, snap, byInvitee).map((r) => r.inviteeName)).toEqual(["Al", "Mo", "Zed"]);
    const renamed = applyInvitationsEvent(snap, { t: "people", people: [{ id: "u3", name: "Zz" }], unknown: [] });
    expect(sorter(join(renamed), renamed, byInvitee).map((r) => r.inviteeName)).toEqual(["Mo", "Zed", "Zz"]);
  });

  it("merges appended chunks into the kept order, as a full sort would", () => {
    const sorter = createRowSorter();
    const join = createRowJoiner();
    for (const sort of [
      { id: "course", desc: false },
      { id: "invitee", desc: true },
      { id: "invited", desc: false },
    ] as const) {
      let snap = fold([courses]);
      sorter(join(snap), snap, sort);
      for (let chunk = 0; chunk < 4; chunk++) {
        const items = Array.from({ length: 7 }, (_, k) =>
          inv(`x${chunk}-${k}${"y".repeat(k % 3)}`, k % 2 ? "c1" : "c2", `u${(chunk * 7 + k) % 5}`),
        );
        snap = applyInvitationsEvent(snap, { t: "invitations", courseIds: [], invitations: items, failures: [] });
        const rows = join(snap);
        expect(sorter(rows, snap, sort).map((r) => r.id)).toEqual(sortRows(rows, sort).map((r) => r.id));
      }
    }
  });

  it("re-sorts when invitations change", () => {
    const join = createRowJoiner();
    const sorter = createRowSorter();
    const sort = { id: "course", desc: true } as const;
    sorter(join(listed), listed, sort);
    const fewer = withoutInvitations(listed, new Set(["i1"])).snapshot;
    expect(sorter(join(fewer), fewer, sort).map((r) => r.id)).toEqual(sortRows(join(fewer), sort).map((r) => r.id));
  });
});

describe("the sort's tie-break (invitee, then class, then id)", () => {
  const sameDay = (id: string, courseId: string, userId: string) => ({
    ...inv(id, courseId, userId),
    firstSeenAt: null,
  });
  // Listed in an order that is neither the names' nor the ids'.
  const listed = fold([
    courses,
    {
      t: "invitations",
      courseIds: ["c1", "c2"],
      invitations: [
        sameDay("i9", "c1", "u1"),
        sameDay("i5", "c1", "u3"),
        sameDay("i2", "c2", "u4"),
        sameDay("i1", "c1", "u2"),
        sameDay("i7", "c2", "u1"),
        sameDay("i3", "c1", "u5"),
      ],
      failures: [],
    },
    { t: "listed" },
  ]);
  const names = [
    { id: "u1", name: "Zoe Adams" },
    { id: "u2", name: "adam Zhou" },
    { id: "u4", name: "Bea Ito" },
    { id: "u5", name: "Zoe Adams" },
  ];
  const named = applyInvitationsEvent(listed, { t: "people", people: names, unknown: [] });
  const ids = (rows: readonly InvitationRow[]) => rows.map((r) => r.id);

  it("orders equal sort keys by invitee name, then class, then id; unresolved invitees last", () => {
    const rows = toInvitationRows(named);
    // Algebra I: adam Zhou, the two Zoe Adams by id, then u3 (no profile yet); then Chemistry.
    expect(ids(sortRows(rows, { id: "course", desc: false }))).toEqual(["i1", "i3", "i9", "i5", "i2", "i7"]);
    // Only the column reverses; the tie-break stays ascending.
    expect(ids(sortRows(rows, { id: "course", desc: true }))).toEqual(["i2", "i7", "i1", "i3", "i9", "i5"]);
    // Everyone first seen together: the invitee, then the class (Zoe Adams in Algebra I before Chemistry).
    expect(ids(sortRows(rows, { id: "invited", desc: false }))).toEqual(["i1", "i2", "i3", "i9", "i7", "i5"]);
    expect(ids(sortRows(rows, { id: "role", desc: true }))).toEqual(["i1", "i2", "i3", "i9", "i7", "i5"]);
    // Under the invitee column, the same person's invitations go by class.
    expect(ids(sortRows(rows, { id: "invitee", desc: false }))).toEqual(["i1", "i2", "i3", "i9", "i7", "i5"]);
  });

  it("is the same order whatever order the rows come in", () => {
    const rows = toInvitationRows(named);
    const shuffled = [rows[3]!, rows[0]!, rows[5]!, rows[2]!, rows[4]!, rows[1]!];
    for (const id of SORT_COLUMNS) {
      for (const desc of [false, true]) {
        expect(ids(sortRows(shuffled, { id, desc })), `${id} ${desc}`).toEqual(ids(sortRows(rows, { id, desc })));
      }
    }
  });

  it("names streaming in re-order equal keys exactly as a full sort would, under every sort", () => {
    for (const id of SORT_COLUMNS) {
      for (const desc of [false, true]) {
        const sort = { id, desc };
        const join = createRowJoiner();
        const sorter = createRowSorter();
        let snap = listed;
        expect(ids(sorter(join(snap), snap, sort))).toEqual(ids(sortRows(join(snap), sort)));
        for (const person of names) {
          snap = applyInvitationsEvent(snap, { t: "people", people: [person], unknown: [] });
          const rows = join(snap);
          expect(ids(sorter(rows, snap, sort)), `${id} ${desc} after ${person.id}`).toEqual(ids(sortRows(rows, sort)));
        }
        // A chunk appended after the names, and a rename after that.
        snap = applyInvitationsEvent(snap, {
          t: "invitations",
          courseIds: [],
          invitations: [sameDay("i4", "c1", "u4"), sameDay("i0", "c2", "u2")],
          failures: [],
        });
        expect(ids(sorter(join(snap), snap, sort))).toEqual(ids(sortRows(join(snap), sort)));
        snap = applyInvitationsEvent(snap, { t: "people", people: [{ id: "u3", name: "Ada Zhou" }], unknown: [] });
        expect(ids(sorter(join(snap), snap, sort))).toEqual(ids(sortRows(join(snap), sort)));
      }
    }
  });
});
