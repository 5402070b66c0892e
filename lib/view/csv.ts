import Papa from "papaparse";

/**
 * CSV for spreadsheets. Shared by the browser (export of the filtered view) and
 * the export route handler, so no server-only imports here.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell starting with
 * `= + - @`, TAB or CR as a formula, and invitee names come from other people's Google
 * profiles. Such cells get a leading apostrophe, which Excel, Sheets and LibreOffice show as
 * text. Leading spaces are skipped when checking, since some importers trim them first.
 */
const FORMULA_START = /^[\s]*[=+\-@\t\r]/;
const STARTS_WITH_TRIGGER = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : String(value);
  if (text === "") return "";
  return STARTS_WITH_TRIGGER.test(text) || FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

/** RFC 4180 text with CRLF line ends and a header row; every cell is neutralised first. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const data = rows.map((row) => columns.map((c) => neutraliseCell(c.value(row))));
  const csv = Papa.unparse(
    { fields: columns.map((c) => neutraliseCell(c.header)), data },
    // Our own neutralisation already ran; papaparse's would add a second apostrophe.
    { quotes: false, quoteChar: '"', escapeChar: '"', delimiter: ",", newline: "\r\n", escapeFormulae: false },
  );
  // papaparse ends a header-only table with a stray newline.
  return csv.replace(/\r\n$/, "");
}

/** A UTF-8 byte-order mark, so Excel opens non-ASCII names correctly. */
export const CSV_BOM = "\uFEFF";

export function csvFileName(prefix: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[:T]/g, "-");
  return `${prefix}-${stamp}.csv`;
}

/** Browser only: saves `rows` as a CSV file named after `prefix` and the time. */
export function downloadCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[], prefix: string): void {
  const csv = CSV_BOM + toCsv(rows, columns) + "\r\n";
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = csvFileName(prefix);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
