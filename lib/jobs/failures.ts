import "server-only";
// A failed row's code as the job's report gives it: in words, and whether it is worth sending
// again. The browser gets both ready-made in JobItemDto (lib/jobs/view.ts).
import { APP_ERRORS, type AppErrorCode } from "@/lib/classroom/errors";
import { NOT_YOURS } from "@/lib/invitation-messages";

/** The transient codes, for the database's own counting of retryable failures. */
export const RETRYABLE_CODES = (Object.keys(APP_ERRORS) as AppErrorCode[]).filter((c) => APP_ERRORS[c].retryable);

/** A failure worth sending again (the error table says which codes are transient). */
export function isRetryableCode(code: string | null | undefined): boolean {
  return Boolean(code && code in APP_ERRORS && APP_ERRORS[code as AppErrorCode].retryable);
}

/** A failed row's reason in words: the error table's sentence, never upstream text. */
export function errorText(code: string | null | undefined): string {
  if (code && code in APP_ERRORS) return APP_ERRORS[code as AppErrorCode].message;
  if (code === "FORBIDDEN") return NOT_YOURS;
  return APP_ERRORS.UNKNOWN.message;
}
