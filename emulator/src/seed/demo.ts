/**
 * The demo school "Northwood High" (domain northwood.edu). Fully deterministic: the same
 * ids, names, rosters and invitations after every reset. The "hostile" profile is the same
 * school with security-test names in a few places (see SIX_STUDENTS). Fixed accounts are part of the
 * public contract (docs/CONTRACTS.md); everything else is generated from a seeded PRNG.
 */
import { Prng } from "../prng";
import { Store, type Course, type User } from "../state";
import { addCourse, addPerson, invite, slug } from "./build";
import { FAMILY_NAMES, GIVEN_NAMES } from "./names";

export const DEMO_DOMAIN = "northwood.edu";
const DEMO_SEED = 20250825;

/** 2025-08-25 08:00 UTC, the first day of the demo school year. */
const YEAR_START = Date.UTC(2025, 7, 25, 8, 0, 0);
const day = (n: number, minutes = 0) => new Date(YEAR_START + n * 86_400_000 + minutes * 60_000);

/**
 * The demo school's six students whose names turn hostile in the "hostile" profile, with
 * what they are called there: markup, spreadsheet formulas and a script URL that the UI and
 * the CSV export must neutralise.
 */
const SIX_STUDENTS = [
  ["ines.ferreira", "Inês", "Ferreira"],
  ["theo.lambert", "Théo", "Lambert"],
  ["zara.qureshi", "Zara", "Qureshi"],
  ["malik.bennett", "Malik", "Bennett"],
  ["sofia.lindgren", "Sofia", "Lindgren"],
  ["kwame.asante", "Kwame", "Asante"],
] as const;
const HOSTILE_STUDENTS = [
  ["xss.tester", "<img src=x onerror=alert(1)>", "Tester"],
  ["formula.student", '=HYPERLINK("https://evil.example","Click me")', "Formula"],
  ["plus.one", "+1", "Plus"],
  ["minus.two", "-2", "Minus"],
  ["at.sum", "@SUM(A1:A9)", "Sum"],
  ["js.link", "javascript:alert(document.cookie)", "Link"],
] as const;

export interface DemoOptions {
  /** Security-test names for six students, one class, one section and one room. */
  hostile?: boolean;
}

export function seedDemo(options: DemoOptions = {}): Store {
  const prng = new Prng(DEMO_SEED);
  const store = new Store(prng);
  const d = DEMO_DOMAIN;

  // ---- fixed accounts (docs/CONTRACTS.md) -----------------------------------
  const admin = addPerson(store, {
    email: `admin@${d}`,
    givenName: "Dana",
    familyName: "Whitfield",
    kind: "admin",
    isAdmin: true,
  });
  const teacher = addPerson(store, {
    email: `teacher@${d}`,
    givenName: "Marisol",
    familyName: "Alvarez",
    kind: "teacher",
  });
  const teacher2 = addPerson(store, {
    email: `teacher2@${d}`,
    givenName: "Jonah",
    familyName: "Okafor",
    kind: "teacher",
  });
  const newTeacher = addPerson(store, {
    email: `newteacher@${d}`,
    givenName: "Samir",
    familyName: "Haddad",
    kind: "teacher",
  });
  const student = addPerson(store, { email: `student@${d}`, givenName: "Priya", familyName: "Raman", kind: "student" });
  const disabled = addPerson(store, {
    email: `disabled@${d}`,
    givenName: "Casey",
    familyName: "Morgan",
    kind: "student",
    disabled: true,
  });
  const guest = addPerson(store, {
    email: "guest@riverside-academy.org",
    givenName: "Leah",
    familyName: "Brooks",
    kind: "teacher",
  });

  // ---- more named teachers ----------------------------------------------------
  const named = (email: string, givenName: string, familyName: string) =>
    addPerson(store, { email: `${email}@${d}`, givenName, familyName, kind: "teacher" });
  const nakamura = named("r.nakamura", "Ren", "Nakamura");
  const osei = named("g.osei", "Grace", "Osei");
  const lindqvist = named("t.lindqvist", "Tomas", "Lindqvist");
  const brennan = named("a.brennan", "Aoife", "Brennan");
  const mensah = named("d.mensah", "Daniel", "Mensah");
  const coreTeachers = [teacher, teacher2, nakamura, osei, lindqvist, brennan, mensah];

  // ---- six students whose names the security tests make hostile ("hostile" profile) ----
  // Both profiles build the same people in the same order, so rosters and invitations match.
  // The hostile six are other people, so they get ids of their own: under the same id, an app
  // that caches people by id (as ours does) would show the other profile's names.
  const hostile = SIX_STUDENTS.map(([local, given, family], i) => {
    const [hLocal, hGiven, hFamily] = options.hostile ? HOSTILE_STUDENTS[i]! : [local, given, family];
    const person = { email: `${hLocal}@${d}`, givenName: hGiven, familyName: hFamily, kind: "student" as const };
    return addPerson(store, { ...person, ownId: options.hostile });
  });
  // A student whose groups quota is full (→ @UserGroupsMembershipLimitReached on accept).
  const groupsFull = addPerson(store, {
    email: `omar.farouk@${d}`,
    givenName: "Omar",
    familyName: "Farouk",
    kind: "student",
    atGroupsLimit: true,
  });
  const externalStudent = addPerson(store, {
    email: "m.santos@riverside-academy.org",
    givenName: "Marco",
    familyName: "Santos",
    kind: "student",
  });

  // ---- generated students (≥120 in all) ------------------------------------
  const usedEmails = new Set([...store.users.values()].map((u) => u.email));
  const generatedStudents: User[] = [];
  while (generatedStudents.length < 124) {
    const given = prng.pick(GIVEN_NAMES);
    const family = prng.pick(FAMILY_NAMES);
    const email = `${slug(given)}.${slug(family)}@${d}`;
    if (usedEmails.has(email)) continue;
    usedEmails.add(email);
    generatedStudents.push(addPerson(store, { email, givenName: given, familyName: family, kind: "student" }));
  }
  const pool = [student, ...hostile, groupsFull, ...generatedStudents];

  // ---- faculty: 43 more staff so "Faculty Hub" sits exactly at 50 teachers --------
  const staff: User[] = [];
  while (staff.length < 43) {
    const given = prng.pick(GIVEN_NAMES);
    const family = prng.pick(FAMILY_NAMES);
    const email = `${slug(given).charAt(0)}.${slug(family)}@${d}`;
    if (usedEmails.has(email)) continue;
    usedEmails.add(email);
    staff.push(addPerson(store, { email, givenName: given, familyName: family, kind: "teacher" }));
  }

  const roster = (n: number, must: User[] = []) => {
    const rest = prng.sample(
      pool.filter((u) => !must.includes(u) && u !== student),
      n - must.length,
    );
    return [...must, ...rest];
  };

  // ---- courses --------------------------------------------------------------
  let k = 0;
  const course = (
    name: string,
    section: string | undefined,
    owner: User,
    state: Course["courseState"],
    created: Date,
    opts: { co?: User[]; students?: User[]; room?: string; alias?: string; heading?: string } = {},
  ) =>
    addCourse(store, {
      name,
      section,
      owner,
      state,
      created,
      coTeachers: opts.co,
      students: opts.students,
      room: opts.room ?? String(100 + ++k * 7),
      alias: opts.alias,
      descriptionHeading: opts.heading ?? `Welcome to ${name}`,
    });

  const algebra1 = course("Algebra I", "Period 1", teacher, "ACTIVE", day(0, 30), {
    students: roster(26, [student, hostile[0]!, hostile[1]!]),
    alias: "d:algebra1-p1",
  });
  const algebra3 = course("Algebra I", "Period 3", teacher, "ACTIVE", day(0, 45), {
    students: roster(24, [disabled, hostile[2]!]),
    alias: "d:algebra1-p3",
  });
  const calculus = course("AP Calculus AB", "Period 5", teacher, "ACTIVE", day(1), {
    co: [teacher2],
    students: roster(18, [hostile[3]!]),
    alias: "d:ap-calc",
  });
  const geometry = course("Geometry", "2024–25, Period 2", teacher, "ARCHIVED", day(-330), {
    students: roster(22, [student]),
    alias: "d:geometry-2024",
  });
  const stats = course("Statistics Elective", "Spring semester", teacher, "PROVISIONED", day(20), { students: [] });
  const chemistry = course("Chemistry", "Period 2", teacher2, "ACTIVE", day(1, 20), {
    students: roster(25, [student, hostile[4]!]),
    alias: "d:chem",
  });
  const history = course("World History", "Period 4", teacher2, "ARCHIVED", day(-320), { students: roster(21) });
  const robotics = course("Robotics Club", "After school", teacher2, "ACTIVE", day(3), {
    co: [newTeacher],
    students: roster(14, [hostile[5]!]),
  });
  const faculty = course("Faculty Hub", "Staff 2025–26", teacher2, "ACTIVE", day(-2), {
    co: [...coreTeachers.filter((t) => t !== teacher2), ...staff], // 7 + 43 = 50 teachers
    students: [],
    room: "Staff room",
    heading: "Announcements and resources for all Northwood staff",
  });
  const physics = course("Physics", "Period 6", teacher2, "DECLINED", day(15), { students: [] });
  const englit = course("English Literature 10", "Period 1", nakamura, "ACTIVE", day(0, 10), {
    students: roster(27, [student]),
  });
  const writing = course("Creative Writing", "Elective", nakamura, "ACTIVE", day(2), {
    co: [osei],
    students: roster(16),
  });
  const biology = course("Biology", "Period 3", osei, "ACTIVE", day(0, 50), { students: roster(25) });
  const envsci = course("Environmental Science", "Spring semester", osei, "PROVISIONED", day(21), { students: [] });
  const spanish = course("Spanish II", "Period 4", lindqvist, "ACTIVE", day(1, 5), { students: roster(23) });
  const orchestra = course("Orchestra", "Period 7", lindqvist, "ACTIVE", day(1, 40), { students: roster(30) });
  const art = course(
    options.hostile ? "Art Studio <img src=x onerror=alert('course')>" : "Art Studio",
    "Period 5",
    brennan,
    "ACTIVE",
    day(2, 15),
    {
      students: roster(19),
    },
  );
  const drama = course("Drama", "2024–25", brennan, "ARCHIVED", day(-300), { students: roster(17) });
  const csp = course(
    "Computer Science Principles",
    options.hostile ? '=HYPERLINK("https://evil.example","Section A")' : "Section A",
    mensah,
    "ACTIVE",
    day(1, 55),
    { students: roster(24), room: options.hostile ? "@SUM(1+1)" : "Lab 214" },
  );
  const pe = course("PE Grade 9", "Period 8", mensah, "SUSPENDED", day(4), { students: roster(12) });

  // ---- pending invitations (≥60, every role) ---------------------------------
  // Fixed ones the contract and tests rely on.
  invite(store, calculus, student, "STUDENT"); // ACTIVE course
  invite(store, history, student, "STUDENT"); // ARCHIVED course → @CourseNotModifiable on accept
  invite(store, biology, student, "STUDENT");
  invite(store, stats, student, "STUDENT"); // PROVISIONED course
  invite(store, algebra1, newTeacher, "TEACHER");
  invite(store, faculty, newTeacher, "TEACHER"); // course at its teacher limit → @CourseTeacherLimitReached
  invite(store, robotics, newTeacher, "OWNER"); // pending OWNER invitation (newteacher co-teaches)
  invite(store, writing, osei, "OWNER"); // a second pending ownership transfer
  invite(store, chemistry, guest, "TEACHER"); // invitee from another domain
  invite(store, spanish, externalStudent, "STUDENT");
  invite(store, orchestra, groupsFull, "STUDENT"); // → @UserGroupsMembershipLimitReached
  invite(store, biology, lindqvist, "TEACHER");
  invite(store, csp, brennan, "TEACHER");
  invite(store, drama, mensah, "TEACHER"); // ARCHIVED course
  invite(store, pe, hostile[0]!, "STUDENT"); // SUSPENDED course

  // Generated STUDENT invitations for students not yet in the course.
  const studentTargets: Course[] = [
    algebra1,
    algebra3,
    calculus,
    chemistry,
    robotics,
    englit,
    writing,
    biology,
    envsci,
    spanish,
    orchestra,
    art,
    csp,
    stats,
    physics,
  ];
  for (const c of studentTargets) {
    const candidates = pool.filter((u) => !c.studentIds.has(u.id) && !store.invitationFor(u.id, c.id));
    for (const u of prng.sample(candidates, 4)) invite(store, c, u, "STUDENT");
  }
  // Identity edge cases, added last so that no earlier id changes; off the chooser's list
  // ("Use another account" signs them in): a personal Gmail account (no `hd`), a personal
  // account on a non-Gmail address whose email Google has not verified, and a coach on the
  // school's secondary domain (`hd` is the primary domain, not the email's).
  addPerson(store, {
    email: "sam.rivera.family@gmail.com",
    givenName: "Sam",
    familyName: "Rivera",
    kind: "student",
    featured: false,
    consumer: true,
  });
  addPerson(store, {
    email: "jo.parker@example.net",
    givenName: "Jo",
    familyName: "Parker",
    kind: "student",
    featured: false,
    consumer: true,
    emailVerified: false,
  });
  addPerson(store, {
    email: `coach.lee@athletics.${d}`,
    givenName: "Morgan",
    familyName: "Lee",
    kind: "teacher",
    featured: false,
    primaryDomain: d,
  });
  void admin; // the admin manages everything through the domain, not through memberships
  void geometry;
  return store;
}
