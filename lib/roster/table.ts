/**
 * One CSV file as header + records, through Papa Parse (quoted cells may hold commas, quotes
 * and newlines). Row numbers are spreadsheet rows: the header is row 1. A malformed row is a
 * row-numbered problem and is skipped; every other row is kept.
 */
import Papa from "papaparse";

import { MAX_ROSTER_ROWS } from "./limits";
import type { RosterProblem } from "./model";

export interface TableRow {
  row: number;
  get(column: string): string;
}

export interface Table {
  columns: string[];
  rows: TableRow[];
  problems: RosterProblem[];
}

export function readTable(file: string, text: string): Table {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: "," });
  const problems: RosterProblem[] = [];
  const badRows = new Set<number>();
  for (const error of parsed.errors) {
    if (typeof error.row !== "number") continue;
    badRows.add(error.row);
    const message =
      error.code === "MissingQuotes"
        ? 'a quoted cell is never closed (a stray " character); this row and the rest of the file could not be read.'
        : error.code === "TooFewFields" || error.code === "TooManyFields"
          ? error.message
          : "a cell has a misplaced quote; this row is ignored.";
    problems.push({ file, row: error.row + 1, message });
  }
  const records = parsed.data;
  const header = (records[0] ?? []).map((h) => h.replace(/^\uFEFF/, "").trim());
  const index = new Map(header.map((h, i) => [h, i]));
  const rows: TableRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const cells = records[i]!;
    if (badRows.has(i) || cells.every((c) => c.trim() === "")) continue;
    if (rows.length >= MAX_ROSTER_ROWS) {
      problems.push({ file, row: null, message: `more than ${MAX_ROSTER_ROWS} rows; the rest were not read.` });
      break;
    }
    if (cells.length !== header.length) {
      problems.push({
        file,
        row: i + 1,
        message: `${cells.length} cells where the header has ${header.length}; this row is ignored.`,
      });
      continue;
    }
    rows.push({ row: i + 1, get: (column) => (cells[index.get(column) ?? -1] ?? "").trim() });
  }
  return { columns: header, rows, problems };
}

/** The columns of `required` missing from a table, for one file-level problem naming all of them. */
export function missingColumns(table: Pick<Table, "columns">, required: readonly string[]): string[] {
  return required.filter((c) => !table.columns.includes(c));
}
