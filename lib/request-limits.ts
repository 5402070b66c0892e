/**
 * The largest request body the server reads, in bytes. One number for three places:
 * next.config.ts (how much of a body Next buffers for proxy.ts, and the Server Actions body
 * limit), proxy.ts (refuses a larger declared body before anything else runs) and the bulk
 * invite page (checks its preview request against it before sending).
 *
 * The largest legitimate request is the bulk preview: at most 1,000 rows (MAX_BULK_ROWS) of
 * address, class and role. A typical row encodes to about 100 bytes (100 KB for 1,000 rows);
 * a 254-character address (RFC 5321's limit) with a 500-character class name still fits 1,000
 * rows in 1 MB. 1 MB is also Next's default Server Actions limit, which the app always ran
 * under. No imports: next.config.ts loads this file before anything else is compiled.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** "1 MB": how the limit reads in messages. */
export const MAX_REQUEST_BODY_LABEL = `${MAX_REQUEST_BODY_BYTES / (1024 * 1024)} MB`;
