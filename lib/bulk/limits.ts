/**
 * What the bulk page checks before it sends a preview, so that a list the server would refuse
 * is explained in plain words instead of failing as a lost connection. Pure: unit-tested, and
 * run in the browser. The limits themselves are declared once, elsewhere: the row limit with
 * the actions' (lib/actions/invitations.limits.ts), the body limit with the server's
 * (lib/request-limits.ts).
 */
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_BODY_LABEL } from "@/lib/request-limits";
import { numberFormat as nf } from "@/lib/format/count";

export function rowLimitProblem(rowCount: number, maxRows: number): string | null {
  if (rowCount <= maxRows) return null;
  return `This list has ${nf.format(rowCount)} rows; the limit is ${nf.format(maxRows)} per preview. Split it into lists of ${nf.format(maxRows)} rows or fewer and preview them one at a time.`;
}

/**
 * Room for the framework's own encoding around the JSON of the arguments (React escapes
 * strings that start with `$`, one byte each): the check must never let through a body the
 * server then refuses.
 */
const ENVELOPE_BYTES = 8 * 1024;

/** The size of a Server Action's arguments on the wire: their JSON, in UTF-8. */
export function encodedBytes(args: unknown): number {
  return new TextEncoder().encode(JSON.stringify(args)).length;
}

export function bodyLimitProblem(args: unknown, maxBytes: number = MAX_REQUEST_BODY_BYTES): string | null {
  const size = encodedBytes(args);
  if (size + ENVELOPE_BYTES <= maxBytes) return null;
  const label = maxBytes === MAX_REQUEST_BODY_BYTES ? MAX_REQUEST_BODY_LABEL : `${nf.format(maxBytes)} bytes`;
  return `This list is ${(size / (1024 * 1024)).toFixed(1)} MB to send; the limit is ${label} per preview. Long class names or extra text in the cells add up: split the list, or name classes by id.`;
}
