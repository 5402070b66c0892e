/**
 * "Classroom's state equals the roster", checked from the emulator's own state (not through the
 * code under test): every roster person is in their class with their role or higher, or invited
 * with exactly that role (an ownership transfer counts for a teacher); and every other pending
 * invitation in those classes is an ownership transfer. Returns what differs, in words.
 */
import type { EmulatorState } from "./emulator-control";

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
