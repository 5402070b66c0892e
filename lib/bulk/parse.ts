/**
 * Reading a pasted list or an uploaded CSV into rows of (email, course, role). Pure, so it is
 * unit-tested and runs in the browser before anything is sent. Tolerant on purpose:
 * - a UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped;
 * - the delimiter is guessed among , ; tab | (Excel in many locales writes `;`);
 * - quoted cells may hold delimiters and newlines;
 * - headers are optional, and GAM-style names are understood (email/user/userId/member,
 *   course/courseId/class/alias, role/type);
 * - "Name <name@school.edu>" (pasted from an email client) becomes the address.
 * Row numbers are spreadsheet rows (header = row 1), which is what people look up.
 */
import Papa from "papaparse";

/** Files above this are refused before reading: a 500-row CSV is ~30 KB. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type RawBulkRow = { line: number; email: string; course: string; role: string };

export type ParsedBulk = {
  rows: RawBulkRow[];
  hasHeader: boolean;
  /** The header names used for each field (or "column N" without a header). */
  columns: { email: string; course: string | null; role: string | null };
  delimiter: string;
  /** Problems with the file as a whole, in plain words. Row problems are for the preview. */
  problems: string[];
};

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

const EMAIL_HEADERS = [
  "email",
  "emailaddress",
  "mail",
  "user",
  "userid",
  "useremail",
  "userkey",
  "member",
  "memberemail",
  "memberid",
  "primaryemail",
  "student",
  "studentemail",
  "invitee",
  "inviteeemail",
  "person",
];
const COURSE_HEADERS = [
  "course",
  "courseid",
  "coursename",
  "coursealias",
  "alias",
  "class",
  "classid",
  "classname",
  "classroom",
  "classroomid",
];
const ROLE_HEADERS = ["role", "type", "courserole", "memberrole", "invitationrole", "as"];

export function fileSizeProblem(size: number): string | null {
  if (size <= MAX_FILE_BYTES) return null;
  const mb = (size / (1024 * 1024)).toFixed(1);
  return `This file is ${mb} MB; the limit is 10 MB. Split it into smaller files and upload them one at a time.`;
}

/** "Name <a@b.c>" → "a@b.c"; mailto: prefixes dropped; otherwise the trimmed cell. */
export function cleanEmailCell(cell: string): string {
  const trimmed = cell.trim();
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(trimmed);
  const value = angle ? angle[1]! : trimmed;
  return value.replace(/^mailto:/i, "").trim();
}

function findColumn(header: string[], names: readonly string[]): number {
  const normalized = header.map(norm);
  for (const name of names) {
    const i = normalized.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

function looksLikeHeader(first: string[]): boolean {
  if (first.some((c) => c.includes("@"))) return false;
  return (
    findColumn(first, EMAIL_HEADERS) >= 0 ||
    findColumn(first, COURSE_HEADERS) >= 0 ||
    findColumn(first, ROLE_HEADERS) >= 0
  );
}

const DELIMITERS = [",", ";", "\t", "|"] as const;

/**
 * The delimiter is read off the first non-empty line only. Papa's own guess scores whole
 * rows, and a quoted newline inside a `;` file splits rows in a way that makes it pick `,`.
 * Delimiters inside quotes on that line don't count.
 */
export function guessDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const unquoted = first.replace(/"[^"]*"/g, "");
  let best: string = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

export function parseBulkInput(input: string, defaults: { course?: string; role?: string } = {}): ParsedBulk {
  const text = input.replace(/^\uFEFF/, "");
  const result = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: guessDelimiter(text),
  });
  const problems: string[] = [];
  for (const error of result.errors) {
    // A one-column list has no delimiter to detect; that is fine.
    if (error.code === "UndetectableDelimiter") continue;
    const where = typeof error.row === "number" ? ` (row ${error.row + 1})` : "";
    if (error.code === "MissingQuotes")
      problems.push(`A quoted cell is never closed${where}: check for a stray " character.`);
    else if (error.code === "InvalidQuotes") problems.push(`A cell has a misplaced quote${where}.`);
  }

  const records = result.data.map((r) => (Array.isArray(r) ? r.map((c) => (typeof c === "string" ? c : "")) : []));
  const firstIndex = records.findIndex((r) => r.some((c) => c.trim() !== ""));
  const empty: ParsedBulk = {
    rows: [],
    hasHeader: false,
    columns: { email: "column 1", course: null, role: null },
    delimiter: result.meta.delimiter,
    problems,
  };
  if (firstIndex < 0)
    return { ...empty, problems: [...problems, "There is nothing to read: paste a list or choose a CSV file."] };

  const first = records[firstIndex]!;
  const hasHeader = looksLikeHeader(first);
  let emailCol = 0;
  let courseCol = 1;
  let roleCol = 2;
  let columns: ParsedBulk["columns"] = { email: "column 1", course: "column 2", role: "column 3" };
  if (hasHeader) {
    emailCol = findColumn(first, EMAIL_HEADERS);
    courseCol = findColumn(first, COURSE_HEADERS);
    roleCol = findColumn(first, ROLE_HEADERS);
    if (emailCol < 0) {
      return {
        ...empty,
        hasHeader,
        problems: [...problems, "No email column found. Name a column email (or user, userId or member)."],
      };
    }
    columns = {
      email: first[emailCol]!.trim(),
      course: courseCol >= 0 ? first[courseCol]!.trim() : null,
      role: roleCol >= 0 ? first[roleCol]!.trim() : null,
    };
  }

  const rows: RawBulkRow[] = [];
  for (let i = hasHeader ? firstIndex + 1 : firstIndex; i < records.length; i++) {
    const r = records[i]!;
    if (r.every((c) => c.trim() === "")) continue;
    const cell = (col: number) => (col >= 0 ? (r[col] ?? "").trim() : "");
    rows.push({
      line: i + 1,
      email: cleanEmailCell(cell(emailCol)),
      course: cell(courseCol) || (defaults.course ?? ""),
      role: cell(roleCol) || (defaults.role ?? ""),
    });
  }
  if (!hasHeader && rows.every((r) => r.course === "" || r.course === defaults.course)) {
    columns = { email: "column 1", course: defaults.course ? null : "column 2", role: null };
  }
  if (rows.length === 0) problems.push("The file has a header but no rows under it.");
  return { rows, hasHeader, columns, delimiter: result.meta.delimiter, problems };
}
