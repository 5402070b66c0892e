/**
 * The plain CSV the bulk page takes (`email, class, role`), read by the bulk page's own parser,
 * as a roster: each distinct class cell is a class, matched like any other (alias, id or name).
 */
import { emailProblem, normalizeEmail, parseRole } from "@/lib/bulk/email";
import { parseBulkInput } from "@/lib/bulk/parse";
import { COURSE_REF_PATTERN } from "@/lib/concepts";

import type { Roster, RosterClass, RosterEnrollment, RosterProblem } from "./model";

export function readPlainCsv(file: string, text: string): Roster {
  const parsed = parseBulkInput(text);
  const problems: RosterProblem[] = parsed.problems.map((message) => ({ file, row: null, message }));
  const classes = new Map<string, RosterClass>();
  const enrollments: RosterEnrollment[] = [];
  let owners = 0;
  for (const row of parsed.rows) {
    const email = normalizeEmail(row.email);
    const bad = emailProblem(email);
    if (bad) {
      problems.push({ file, row: row.line, message: `${bad} This row is ignored.` });
      continue;
    }
    const course = row.course.trim();
    if (course === "") {
      problems.push({ file, row: row.line, message: "no class given; this row is ignored." });
      continue;
    }
    const role = parseRole(row.role, "STUDENT");
    if (!role) {
      problems.push({ file, row: row.line, message: `“${row.role}” is not a role; this row is ignored.` });
      continue;
    }
    if (!classes.has(course)) {
      // An alias is tried as one; a bare id or a name is matched against the classes list.
      const alias = /^[dp]:/.test(course) && COURSE_REF_PATTERN.test(course) ? [course] : [];
      classes.set(course, { key: course, title: course, aliases: alias, schoolId: null, termIds: [] });
    }
    // A roster owner is the class's primary teacher: a co-teacher who should own it.
    if (role === "OWNER") owners++;
    enrollments.push({
      classKey: course,
      email,
      role: role === "STUDENT" ? "STUDENT" : "TEACHER",
      primary: role === "OWNER",
    });
  }
  return {
    format: "csv",
    classes: [...classes.values()],
    enrollments,
    schools: [],
    terms: [],
    problems,
    notes: owners > 0 ? [notes(owners)] : [],
  };
}

const notes = (n: number) =>
  `${n} owner row${n === 1 ? "" : "s"} read as co-teacher${n === 1 ? "" : "s"} who should own the class: ownership is reported, never changed by a sync.`;
