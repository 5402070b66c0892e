/**
 * The roster reader's entry point: the files of one upload (a .zip, the OneRoster CSVs
 * together, or one plain CSV) to a Roster. Pure and synchronous, so it runs in the browser
 * (the file never leaves the machine unread) and in tests; sizes are checked before any byte is
 * decoded or inflated.
 */
import { decodeText } from "./decode";
import { rosterSizeProblem } from "./limits";
import type { Roster, RosterProblem } from "./model";
import { ONEROSTER_FILES, readOneRoster } from "./oneroster";
import { readPlainCsv } from "./plain";
import { readTable, type Table } from "./table";
import { isZip, unzipRoster } from "./zip";

export type RosterUpload = { name: string; bytes: Uint8Array };

const empty = (problems: RosterProblem[]): Roster => ({
  format: "csv",
  classes: [],
  enrollments: [],
  schools: [],
  terms: [],
  problems,
  notes: [],
});

const isOneRosterFile = (base: string) => (ONEROSTER_FILES as readonly string[]).includes(base);
const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;

export function readRoster(uploads: readonly RosterUpload[]): Roster {
  if (uploads.length === 0) return empty([{ file: "upload", row: null, message: "choose a .csv or .zip file." }]);
  const sizeProblems = uploads.flatMap((u) => {
    const problem = rosterSizeProblem(u.name, u.bytes.length);
    return problem ? [{ file: u.name, row: null, message: problem }] : [];
  });
  if (sizeProblems.length > 0) return empty(sizeProblems);

  const files: RosterUpload[] = [];
  const problems: RosterProblem[] = [];
  for (const u of uploads) {
    if (!isZip(u.bytes)) {
      files.push({ name: baseName(u.name), bytes: u.bytes });
      continue;
    }
    const unzipped = unzipRoster(u.name, u.bytes, isOneRosterFile);
    if (!unzipped.ok) return empty([{ file: u.name, row: null, message: unzipped.message }]);
    if (unzipped.entries.length === 0)
      return empty([
        { file: u.name, row: null, message: "holds no OneRoster files (classes.csv, users.csv, enrollments.csv)." },
      ]);
    files.push(...unzipped.entries);
  }

  const oneRoster = files.filter((f) => isOneRosterFile(f.name));
  if (oneRoster.length === 0) {
    if (files.length > 1)
      return empty([
        {
          file: "upload",
          row: null,
          message: "several files that are not OneRoster files: upload one plain CSV at a time.",
        },
      ]);
    const only = files[0]!;
    const decoded = decodeText(only.name, only.bytes);
    if (!decoded.ok) return empty([{ file: only.name, row: null, message: decoded.message }]);
    return readPlainCsv(only.name, decoded.text);
  }

  const tables = new Map<string, Table>();
  const unreadable = new Set<string>();
  for (const f of oneRoster) {
    const decoded = decodeText(f.name, f.bytes);
    if (!decoded.ok) {
      problems.push({ file: f.name, row: null, message: decoded.message });
      unreadable.add(f.name);
      continue;
    }
    tables.set(f.name, readTable(f.name, decoded.text));
  }
  const roster = readOneRoster(tables, unreadable);
  return { ...roster, problems: [...problems, ...roster.problems] };
}
