/**
 * Writes the demo school's OneRoster 1.2 export (e2e/fixtures/oneroster/*.csv, and the same
 * files zipped as public/samples/northwood-oneroster-1.2.zip, the page's sample download) from
 * the emulator's demo seed, with a few deliberate differences from Classroom (DIFFERENCES).
 * Run: `npx tsx scripts/roster-fixture.ts`. Deterministic: the seed is.
 */
import { mkdirSync, writeFileSync } from "node:fs";

import { strToU8, zipSync } from "fflate";

import { seedDemo } from "../emulator/src/seed/demo";
import type { Course, User } from "../emulator/src/state";

const OUT = "e2e/fixtures/oneroster";
const ZIP = "public/samples/northwood-oneroster-1.2.zip";

/** The SIS's scheduled classes this term (clubs, staff spaces and last year's classes are not in an SIS export). */
const CLASSES = [
  "Algebra I|Period 1",
  "Algebra I|Period 3",
  "AP Calculus AB|Period 5",
  "Chemistry|Period 2",
  "English Literature 10|Period 1",
  "Creative Writing|Elective",
  "Biology|Period 3",
  "Spanish II|Period 4",
  "Orchestra|Period 7",
  "Art Studio|Period 5",
  "Computer Science Principles|Section A",
];

const store = seedDemo();
const byEmail = (email: string) => store.userByEmail(email)!;
const courseOf = (label: string) => {
  const [name, section] = label.split("|");
  return [...store.courses.values()].find((c) => c.name === name && c.section === section)!;
};
const courses = CLASSES.map(courseOf);
const sourcedIdOf = (c: Course) => c.aliases.find((a) => a.startsWith("d:"))?.slice(2) ?? `cls-${slugOf(c.name)}`;
const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

type Row = { classId: string; user: User; role: "student" | "teacher"; primary: boolean };
const enrollments: Row[] = [];
for (const c of courses) {
  const id = sourcedIdOf(c);
  for (const t of c.teacherIds)
    enrollments.push({ classId: id, user: store.users.get(t)!, role: "teacher", primary: t === c.ownerId });
  for (const s of c.studentIds)
    enrollments.push({ classId: id, user: store.users.get(s)!, role: "student", primary: false });
  // The SIS already lists people invited and not yet joined: a pending invitation is part of the roster.
  for (const inv of store.invitationsOfCourse(c.id)) {
    if (inv.role === "OWNER") continue; // an ownership transfer; the person already co-teaches
    enrollments.push({
      classId: id,
      user: store.users.get(inv.userId)!,
      role: inv.role === "STUDENT" ? "student" : "teacher",
      primary: false,
    });
  }
}

// ---- the deliberate differences (docs/roster.md lists them with the expected preview) ----
const algebra1 = courseOf("Algebra I|Period 1");
const chemistry = courseOf("Chemistry|Period 2");
const csp = courseOf("Computer Science Principles|Section A");
// Only generated students change: the named demo accounts are what other tests sign in as.
const NAMED = [
  "student",
  "disabled",
  "omar.farouk",
  "ines.ferreira",
  "theo.lambert",
  "zara.qureshi",
  "malik.bennett",
  "sofia.lindgren",
  "kwame.asante",
];
const generated = (u: User) =>
  u.kind === "student" && u.email.endsWith("@northwood.edu") && !NAMED.includes(u.email.split("@")[0]!);
const newcomers = [...store.users.values()]
  .filter((u) => generated(u) && !algebra1.studentIds.has(u.id) && !store.invitationFor(u.id, algebra1.id))
  .slice(0, 2);
// 1–2: two students new to Algebra I, Period 1 → 2 to invite.
for (const u of newcomers)
  enrollments.push({ classId: sourcedIdOf(algebra1), user: u, role: "student", primary: false });
// 3: a Chemistry student who is now the class's teaching assistant → invited as co-teacher (1 to invite).
const promoted = [...chemistry.studentIds].map((id) => store.users.get(id)!).find(generated)!;
for (const e of enrollments) if (e.classId === sourcedIdOf(chemistry) && e.user === promoted) e.role = "teacher";
// 4: the guest teacher's pending Chemistry invitation is not in the SIS → 1 to revoke.
const guest = byEmail("guest@riverside-academy.org");
remove((e) => e.classId === sourcedIdOf(chemistry) && e.user === guest);
// 5: a student invited to CSP is listed as a co-teacher → 1 role change.
const cspInvite = store
  .invitationsOfCourse(csp.id)
  .find((i) => i.role === "STUDENT" && generated(store.users.get(i.userId)!))!;
for (const e of enrollments) if (e.classId === sourcedIdOf(csp) && e.user.id === cspInvite.userId) e.role = "teacher";
// 6: a class the school's Classroom does not have yet → unmatched.
const health = {
  id: "cls-health-9",
  title: "Health 9",
  students: [...store.users.values()].filter(generated).slice(10, 13),
};
for (const u of health.students) enrollments.push({ classId: health.id, user: u, role: "student", primary: false });

function remove(pred: (e: Row) => boolean) {
  for (let i = enrollments.length - 1; i >= 0; i--) if (pred(enrollments[i]!)) enrollments.splice(i, 1);
}

// ---- CSV ----------------------------------------------------------------------------------
const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (header: string[], rows: string[][]) =>
  [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
const people = [...new Map(enrollments.map((e) => [e.user.id, e.user])).values()].sort((a, b) =>
  a.email.localeCompare(b.email),
);
const userId = new Map(people.map((u, i) => [u.id, `usr-${String(i + 1).padStart(4, "0")}`]));
const teachers = new Set(enrollments.filter((e) => e.role === "teacher").map((e) => e.user.id));

const files: Record<string, string> = {
  "manifest.csv": csv(
    ["propertyName", "value"],
    [
      ["manifest.version", "1.0"],
      ["oneroster.version", "1.2"],
      ["file.academicSessions", "bulk"],
      ["file.classes", "bulk"],
      ["file.courses", "absent"],
      ["file.demographics", "absent"],
      ["file.enrollments", "bulk"],
      ["file.orgs", "bulk"],
      ["file.roles", "bulk"],
      ["file.users", "bulk"],
      ["source.systemName", "Northwood SIS"],
      ["source.systemCode", "nw-sis"],
    ],
  ),
  "orgs.csv": csv(
    ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
    [
      ["org-district", "", "", "Northwood School District", "district", "NWSD", ""],
      ["org-nwhs", "", "", "Northwood High School", "school", "NWHS", "org-district"],
    ],
  ),
  "academicSessions.csv": csv(
    [
      "sourcedId",
      "status",
      "dateLastModified",
      "title",
      "type",
      "startDate",
      "endDate",
      "parentSourcedId",
      "schoolYear",
    ],
    [
      ["term-2025-26", "", "", "2025–26", "schoolYear", "2025-08-25", "2026-06-12", "", "2026"],
      ["term-2025-fall", "", "", "Fall 2025", "semester", "2025-08-25", "2026-01-16", "term-2025-26", "2026"],
    ],
  ),
  "classes.csv": csv(
    [
      "sourcedId",
      "status",
      "dateLastModified",
      "title",
      "grades",
      "courseSourcedId",
      "classCode",
      "classType",
      "location",
      "schoolSourcedId",
      "termSourcedIds",
      "subjects",
      "subjectCodes",
      "periods",
    ],
    [
      ...courses.map((c) => [
        sourcedIdOf(c),
        "",
        "",
        c.name,
        "10",
        `crs-${slugOf(c.name)}`,
        c.section ?? "",
        "scheduled",
        c.room ?? "",
        "org-nwhs",
        "term-2025-26,term-2025-fall",
        "",
        "",
        "",
      ]),
      [
        health.id,
        "",
        "",
        health.title,
        "09",
        "crs-health",
        "",
        "scheduled",
        "",
        "org-nwhs",
        "term-2025-fall",
        "",
        "",
        "",
      ],
    ],
  ),
  "users.csv": csv(
    [
      "sourcedId",
      "status",
      "dateLastModified",
      "enabledUser",
      "username",
      "userIds",
      "givenName",
      "familyName",
      "middleName",
      "identifier",
      "email",
      "sms",
      "phone",
      "agentSourcedIds",
      "grades",
      "password",
      "userMasterIdentifier",
      "resourceSourcedIds",
      "preferredGivenName",
      "preferredMiddleName",
      "preferredFamilyName",
      "primaryOrgSourcedId",
      "pronouns",
    ],
    people.map((u) => [
      userId.get(u.id)!,
      "",
      "",
      "true",
      u.email,
      "",
      u.givenName,
      u.familyName,
      "",
      "",
      u.email,
      "",
      "",
      "",
      teachers.has(u.id) ? "" : "10",
      "",
      "",
      "",
      "",
      "",
      "",
      "org-nwhs",
      "",
    ]),
  ),
  "roles.csv": csv(
    [
      "sourcedId",
      "status",
      "dateLastModified",
      "userSourcedId",
      "roleType",
      "role",
      "beginDate",
      "endDate",
      "orgSourcedId",
      "userProfileSourcedId",
    ],
    people.map((u) => [
      `role-${userId.get(u.id)}`,
      "",
      "",
      userId.get(u.id)!,
      "primary",
      teachers.has(u.id) ? "teacher" : "student",
      "",
      "",
      "org-nwhs",
      "",
    ]),
  ),
  "enrollments.csv": csv(
    [
      "sourcedId",
      "status",
      "dateLastModified",
      "classSourcedId",
      "schoolSourcedId",
      "userSourcedId",
      "role",
      "primary",
      "beginDate",
      "endDate",
    ],
    enrollments.map((e, i) => [
      `enr-${String(i + 1).padStart(5, "0")}`,
      "",
      "",
      e.classId,
      "org-nwhs",
      userId.get(e.user.id)!,
      e.role,
      e.role === "teacher" ? String(e.primary) : "",
      "",
      "",
    ]),
  ),
};

mkdirSync(OUT, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(`${OUT}/${name}`, text);
// A fixed timestamp keeps the zip byte-for-byte reproducible.
const mtime = new Date("2025-09-01T00:00:00Z");
writeFileSync(ZIP, zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, [strToU8(t), { mtime }]]))));
console.log(
  `${enrollments.length} enrollments, ${people.length} users, ${courses.length + 1} classes → ${OUT}, ${ZIP}`,
);
