/**
 * A bulk-invite job's rows read back onto the preview's lines: item k of the job is the k-th
 * sendable row. Pure, so the page, the "only problems" filter and the error report agree.
 */
import type { BulkPreviewRow } from "@/lib/actions/invitations.schemas";
import { ROLE_LABELS } from "@/lib/concepts";
import { ITEM_OUTCOME_LABELS, type JobItemDto } from "@/lib/jobs/view";
import type { CsvColumn } from "@/lib/view/csv";

export type RowOutcome =
  | { state: "sent"; label: string }
  | { state: "failed"; message: string; retryable: boolean }
  /** Not answered yet: queued, or waiting for the daily limit. */
  | { state: "waiting" }
  /** Cancelled before it was sent. */
  | { state: "not_sent" };

export function toRowOutcome(item: JobItemDto): RowOutcome {
  switch (item.state) {
    case "done":
      return { state: "sent", label: (item.outcome && ITEM_OUTCOME_LABELS[item.outcome]) ?? "Invited" };
    case "failed":
      return { state: "failed", message: item.message ?? "", retryable: item.retryable };
    case "cancelled":
      return { state: "not_sent" };
    default:
      return { state: "waiting" };
  }
}

/** Each sent line's outcome, by line number. */
export function outcomesByLine(
  sentLines: readonly number[],
  items: readonly JobItemDto[],
): ReadonlyMap<number, RowOutcome> {
  const map = new Map<number, RowOutcome>();
  for (const item of items) {
    const line = sentLines[item.seq];
    if (line !== undefined) map.set(line, toRowOutcome(item));
  }
  return map;
}

/** A row needs a look: the preview refused it, or sending it failed or never happened. */
export function isProblem(row: BulkPreviewRow, outcome: RowOutcome | undefined): boolean {
  if (outcome) return outcome.state === "failed" || outcome.state === "not_sent";
  return row.status !== "will_invite";
}

/** The problem in one sentence: why the send failed, or what the preview found. */
export function problemText(row: BulkPreviewRow, outcome: RowOutcome | undefined): string {
  if (outcome?.state === "failed") return outcome.message;
  if (outcome?.state === "not_sent") return "Not sent: the job was cancelled.";
  return row.message;
}

export type ReportRow = { row: BulkPreviewRow; outcome: RowOutcome | undefined };

/** The downloadable error report: every row with a problem, and what to do about it. */
export const ERROR_REPORT_COLUMNS: CsvColumn<ReportRow>[] = [
  { header: "Row", value: (r) => r.row.line },
  { header: "Email", value: (r) => r.row.email },
  { header: "Class", value: (r) => r.row.courseName ?? r.row.courseRef },
  { header: "Role", value: (r) => (r.row.role ? ROLE_LABELS[r.row.role] : "") },
  { header: "Problem", value: (r) => problemText(r.row, r.outcome) },
  {
    header: "Worth retrying",
    value: (r) => (r.outcome?.state === "failed" && r.outcome.retryable ? "yes" : "no"),
  },
];
