/**
 * "Classroom's state equals the roster", checked from the emulator's own state (not through the
 * code under test): every roster person is in their class with their role or higher, or invited
 * with exactly that role (an ownership transfer counts for a teacher); and every other pending
 * invitation in those classes is an ownership transfer. Returns what differs, in words.
 */
import { readFileSync } from "node:fs";

import { readRoster } from "@/lib/roster/read";

import type { EmulatorState } from "./emulator-control";

/** The demo school's OneRoster export (scripts/roster-fixture.ts), as the sample download serves it. */
export const ROSTER_FIXTURE_ZIP = "public/samples/northwood-oneroster-1.2.zip";

export function readRosterFixture() {
  return readRoster([{ name: "northwood-oneroster-1.2.zip", bytes: new Uint8Array(readFileSync(ROSTER_FIXTURE_ZIP)) }]);
}

/**
 * The fixture's classes as the emulator holds them, found by title and classCode (the section),
 * independently of the sync's own matching; the class Classroom lacks is left out.
 */
export function fixtureClasses(state: EmulatorState): (ExpectedClass & { key: string })[] {
  const fixture = readRosterFixture();
  const classCodes = new Map(
    readFileSync("e2e/fixtures/oneroster/classes.csv", "utf8")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(","))
      .map((cells) => [cells[0]!, cells[6]!]),
  );
  return fixture.classes.flatMap((c) => {
    const course = state.courses.find((k) => k.name === c.title && (k.section ?? "") === classCodes.get(c.key));
    if (!course) return [];
    const people = fixture.enrollments
      .filter((e) => e.classKey === c.key)
      .map((e) => ({ email: e.email, role: e.role }));
    return [{ key: c.key, courseId: course.id, people }];
  });
}

/**
 * Pending invitations in those classes that the roster lists with that role: what the preview
 * must count as pending. An ownership transfer to someone who already co-teaches is present.
 */
export function pendingInRoster(state: EmulatorState, classes: readonly ExpectedClass[]): number {
  const emailOf = new Map(state.users.map((u) => [u.id, u.email.toLowerCase()]));
  return classes.reduce((n, c) => {
    const course = state.courses.find((k) => k.id === c.courseId)!;
    return (
      n +
      state.invitations.filter(
        (i) =>
          i.courseId === c.courseId &&
          !course.teacherIds.includes(i.userId) &&
          c.people.some((p) => p.email === emailOf.get(i.userId) && (p.role === i.role || i.role === "OWNER")),
      ).length
    );
  }, 0);
}

/**
 * Someone of `domain` who holds nothing in the class (not a member, not invited) and can be
 * added or invited: an enabled account that is not an admin. Its address is lower-case.
 */
export function newcomer(state: EmulatorState, courseId: string, domain: string) {
  const course = state.courses.find((c) => c.id === courseId)!;
  const user = state.users.find(
    (u) =>
      u.email.toLowerCase().endsWith(`@${domain}`) &&
      !u.disabled &&
      !u.isAdmin &&
      ![...course.studentIds, ...course.teacherIds].includes(u.id) &&
      !state.invitations.some((i) => i.userId === u.id && i.courseId === courseId),
  );
  if (!user) throw new Error(`nobody of ${domain} is new to ${course.name}`);
  return { ...user, email: user.email.toLowerCase() };
}

export interface ExpectedClass {
  courseId: string;
  people: { email: string; role: "STUDENT" | "TEACHER" }[];
}

const RANK: Record<string, number> = { STUDENT: 1, TEACHER: 2, OWNER: 3 };

export function rosterMismatches(state: EmulatorState, expected: readonly ExpectedClass[]): string[] {
  const emailOf = new Map(state.users.map((u) => [u.id, u.email.toLowerCase()]));
  const out: string[] = [];
  for (const c of expected) {
    const course = state.courses.find((k) => k.id === c.courseId);
    if (!course) {
      out.push(`${c.courseId}: no such course`);
      continue;
    }
    const member = new Map<string, string>();
    for (const id of course.studentIds) member.set(emailOf.get(id)!, "STUDENT");
    for (const id of course.teacherIds) member.set(emailOf.get(id)!, id === course.ownerId ? "OWNER" : "TEACHER");
    const invited = new Map(
      state.invitations.filter((i) => i.courseId === c.courseId).map((i) => [emailOf.get(i.userId)!, i.role]),
    );
    const want = new Map<string, string>();
    for (const p of c.people) if (want.get(p.email) !== "TEACHER") want.set(p.email, p.role);
    for (const [email, role] of want) {
      const held = member.get(email);
      const inv = invited.get(email);
      const ok = (held && RANK[held]! >= RANK[role]!) || inv === role || (inv === "OWNER" && role === "TEACHER");
      if (!ok)
        out.push(`${course.name}: ${email} should be ${role} (member: ${held ?? "no"}, invited: ${inv ?? "no"})`);
    }
    for (const [email, role] of invited) {
      if (!want.has(email) && role !== "OWNER")
        out.push(`${course.name}: ${email} invited as ${role}, not in the roster`);
    }
  }
  return out;
}
