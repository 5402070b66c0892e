/**
 * A deterministic district for load tests: N courses, ~N/4 teachers (each owning ~4
 * courses, every 7th course co-taught), ~20 students per course drawn from a pool of
 * ~N·5 students, and 3–8 pending invitations per course (mostly STUDENT).
 * admin@, teacher@, teacher2@ and student@northwood.edu exist here too so tests can
 * sign in with the same accounts as in the demo school.
 */
import { Prng } from "../prng";
import { Store, type Course, type CourseState, type User, type UserKind } from "../state";
import { addCourse, addPerson, invite, slug } from "./build";
import { DEMO_DOMAIN } from "./demo";
import { FAMILY_NAMES, GIVEN_NAMES, SUBJECTS } from "./names";

const FEATURED_TEACHERS = 15;
const FEATURED_STUDENTS = 14;

export function seedLarge(courseCount: number): Store {
  const n = Math.max(1, Math.floor(courseCount));
  const prng = new Prng(0x5eed0000 + n);
  const store = new Store(prng);
  const d = DEMO_DOMAIN;
  const emailCounts = new Map<string, number>();
  const uniqueEmail = (local: string) => {
    const seen = emailCounts.get(local) ?? 0;
    emailCounts.set(local, seen + 1);
    return `${seen === 0 ? local : local + (seen + 1)}@${d}`;
  };
  // Reserve the fixed locals so generated people never collide with them.
  for (const local of ["admin", "teacher", "teacher2", "student"]) emailCounts.set(local, 1);

  /** Appends generated people to `people` until it holds `count`; the first `featured` are featured. */
  const generate = (
    people: User[],
    count: number,
    kind: UserKind,
    featured: number,
    local: (given: string, family: string) => string,
  ) => {
    while (people.length < count) {
      const given = prng.pick(GIVEN_NAMES);
      const family = prng.pick(FAMILY_NAMES);
      people.push(
        addPerson(store, {
          email: uniqueEmail(local(slug(given), slug(family))),
          givenName: given,
          familyName: family,
          kind,
          featured: people.length < featured,
        }),
      );
    }
    return people;
  };

  addPerson(store, { email: `admin@${d}`, givenName: "Dana", familyName: "Whitfield", kind: "admin", isAdmin: true });

  const teacherCount = Math.max(2, Math.ceil(n / 4));
  const teachers = generate(
    [
      addPerson(store, { email: `teacher@${d}`, givenName: "Marisol", familyName: "Alvarez", kind: "teacher" }),
      addPerson(store, { email: `teacher2@${d}`, givenName: "Jonah", familyName: "Okafor", kind: "teacher" }),
    ],
    teacherCount,
    "teacher",
    FEATURED_TEACHERS,
    (given, family) => `${given.charAt(0)}.${family}`,
  );

  const studentCount = Math.max(40, n * 5);
  const students = generate(
    [addPerson(store, { email: `student@${d}`, givenName: "Priya", familyName: "Raman", kind: "student" })],
    studentCount,
    "student",
    FEATURED_STUDENTS,
    (given, family) => `${given}.${family}`,
  );

  // Courses created over the last ~2 years, one every ~3 hours, so creation times are distinct.
  const newest = Date.UTC(2025, 8, 1, 12, 0, 0);
  const courses: Course[] = [];
  for (let i = 0; i < n; i++) {
    const owner = teachers[Math.floor(i / 4) % teachers.length] as User;
    const r = prng.next();
    const state: CourseState = r < 0.8 ? "ACTIVE" : r < 0.9 ? "ARCHIVED" : r < 0.96 ? "PROVISIONED" : "DECLINED";
    const co = i % 7 === 3 ? [teachers[(Math.floor(i / 4) + 1) % teachers.length] as User] : [];
    const enrolled = new Set<User>();
    if (state === "ACTIVE" || state === "ARCHIVED") {
      const size = prng.int(15, 25);
      while (enrolled.size < size) enrolled.add(students[prng.int(0, students.length - 1)] as User);
    }
    const subject = SUBJECTS[i % SUBJECTS.length] as string;
    courses.push(
      addCourse(store, {
        name: subject,
        section: `Section ${Math.floor(i / SUBJECTS.length) + 1}`,
        room: String(100 + (i % 300)),
        owner,
        coTeachers: co.filter((t) => t !== owner),
        students: [...enrolled],
        state,
        created: new Date(newest - (n - 1 - i) * 3 * 3600_000 - prng.int(0, 3600) * 1000),
      }),
    );
  }

  // Guarantee the fixed student has a couple of courses and invitations.
  const student = students[0] as User;
  for (const c of courses.slice(0, 3)) if (c.courseState === "ACTIVE") store.addStudent(c, student.id);

  for (const c of courses) {
    const count = prng.int(3, 8);
    let made = 0;
    let attempts = 0;
    while (made < count && attempts++ < count * 4) {
      const r = prng.next();
      if (r < 0.04 && c.teacherIds.size > 1 && !store.ownerInvitation(c.id)) {
        const coTeacher = [...c.teacherIds].find((id) => id !== c.ownerId);
        const u = coTeacher ? store.users.get(coTeacher) : undefined;
        if (u && !store.invitationFor(u.id, c.id)) {
          invite(store, c, u, "OWNER");
          made++;
        }
        continue;
      }
      const isTeacher = r < 0.18;
      const u = isTeacher
        ? (teachers[prng.int(0, teachers.length - 1)] as User)
        : (students[prng.int(0, students.length - 1)] as User);
      if (c.teacherIds.has(u.id) || c.studentIds.has(u.id) || store.invitationFor(u.id, c.id)) continue;
      invite(store, c, u, isTeacher ? "TEACHER" : "STUDENT");
      made++;
    }
  }
  return store;
}
