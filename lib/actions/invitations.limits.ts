/**
 * The write actions' size limits, without zod: client components import these (the schemas
 * module would put zod, ~34 kB gzipped, into the browser bundle). The schemas enforce them.
 */

export const MAX_REVOKE = 500;

/** Issue 3: "A run of 500 rows must work"; previews beyond this should be split. */
export const MAX_BULK_ROWS = 1000;
/** Rows per send call: one Classroom /batch request (≤ 50 parts) per call. */
export const MAX_SEND_CHUNK = 50;
export const DEFAULT_SEND_CHUNK = 25;
