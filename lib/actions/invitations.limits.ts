/**
 * The write actions' size limits, without zod: client components import these (the schemas
 * module would put zod, ~34 kB gzipped, into the browser bundle). The schemas enforce them.
 */

export const MAX_REVOKE = 500;

/** A run of 500 rows must work; previews beyond this should be split. */
export const MAX_BULK_ROWS = 1000;

/** Direct adds: one /batch request's worth; the address box holds at most this many. */
export const MAX_DIRECT_ADD = 50;
