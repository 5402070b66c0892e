/**
 * The roster as the dashboard understands it, whatever file it came from: classes, and who
 * should be in each and as what. Pure types and helpers, shared by the browser (which reads the
 * file) and the server (which compares it with Classroom).
 */

/** The two places a roster can give someone in a class; ownership is reported, never synced. */
export const ROSTER_ROLES = ["STUDENT", "TEACHER"] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export const ROSTER_FORMATS = ["csv", "oneroster-1.1", "oneroster-1.2"] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

export interface RosterClass {
  /** The roster's own id for the class: a OneRoster sourcedId, or the plain CSV's class cell. */
  key: string;
  title: string;
  /** Aliases to try first (`d:<sourcedId>` for OneRoster; the cell itself when it is one). */
  aliases: string[];
  schoolId: string | null;
  termIds: string[];
}

export interface RosterEnrollment {
  classKey: string;
  /** Lower-case address. */
  email: string;
  role: RosterRole;
  /** OneRoster's `primary` teacher: the one who should own the class. */
  primary: boolean;
}

/** A problem with one row (row = spreadsheet row, header = 1) or, with row null, a whole file. */
export interface RosterProblem {
  file: string;
  row: number | null;
  message: string;
}

export interface Roster {
  format: RosterFormat;
  classes: RosterClass[];
  enrollments: RosterEnrollment[];
  schools: { id: string; name: string }[];
  terms: { id: string; name: string }[];
  problems: RosterProblem[];
  /** Things left out on purpose (roles the sync does not manage, users marked for deletion). */
  notes: string[];
}

export interface RosterFilters {
  schoolIds?: readonly string[];
  termIds?: readonly string[];
  classKeys?: readonly string[];
}

/** One school, one term or some classes alone; an empty or absent filter keeps everything. */
export function filterRoster(roster: Roster, filters: RosterFilters): Roster {
  const has = (list: readonly string[] | undefined) => list !== undefined && list.length > 0;
  const classes = roster.classes.filter(
    (c) =>
      (!has(filters.schoolIds) || (c.schoolId !== null && filters.schoolIds!.includes(c.schoolId))) &&
      (!has(filters.termIds) || c.termIds.some((t) => filters.termIds!.includes(t))) &&
      (!has(filters.classKeys) || filters.classKeys!.includes(c.key)),
  );
  const keep = new Set(classes.map((c) => c.key));
  return { ...roster, classes, enrollments: roster.enrollments.filter((e) => keep.has(e.classKey)) };
}

/** "classes.csv row 12: …", or "classes.csv: …" for a whole file. */
export function problemText(p: RosterProblem): string {
  return p.row === null ? `${p.file}: ${p.message}` : `${p.file} row ${p.row}: ${p.message}`;
}
