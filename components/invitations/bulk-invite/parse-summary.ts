import { MAX_BULK_ROWS } from "@/lib/actions/invitations.limits";
import { parseBulkInput, type ParsedBulk } from "@/lib/bulk/parse";

export type BulkDefaults = { course?: string; role?: string };
export type BulkParseRequest = { id: number; text: string; defaults: BulkDefaults };

/** A parse as the page uses it: the rows only when they can be previewed, and always their count. */
export type BulkParse = { parsed: ParsedBulk; rowCount: number };

export function parseBulkSummary(text: string, defaults: BulkDefaults): BulkParse {
  const parsed = parseBulkInput(text, defaults);
  const rowCount = parsed.rows.length;
  // Rows over the limit are never sent: don't copy a hundred thousand of them back to the page.
  return { parsed: rowCount > MAX_BULK_ROWS ? { ...parsed, rows: [] } : parsed, rowCount };
}
