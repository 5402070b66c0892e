/**
 * The roster reader's limits, checked before any work: the file size before it is read, a
 * zip's declared sizes before anything is inflated, and the bytes actually inflated while it
 * is (a zip can lie about its sizes). A district's OneRoster export of 20,000 enrollments is
 * about 2 MB unzipped, so these leave ample room and still stop a zip bomb early.
 */
export const MAX_ROSTER_FILE_BYTES = 20 * 1024 * 1024;
/** All the CSVs of one upload, inflated. */
export const MAX_ROSTER_INFLATED_BYTES = 64 * 1024 * 1024;
/** Entries a OneRoster zip may list (the spec has 13 files, plus folders and a manifest). */
export const MAX_ZIP_ENTRIES = 64;
/** Rows per file: far above a district, far below what would stall a tab. */
export const MAX_ROSTER_ROWS = 200_000;

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** Refused before reading, from the size the browser (or server) already knows. */
export function rosterSizeProblem(name: string, size: number): string | null {
  if (size <= MAX_ROSTER_FILE_BYTES) return null;
  return `${name} is ${mb(size)}; the limit is ${mb(MAX_ROSTER_FILE_BYTES)}. Export one school or one term at a time.`;
}

export const inflatedLimitText = (name: string) =>
  `${name} unzips to more than ${mb(MAX_ROSTER_INFLATED_BYTES)}, the limit; nothing in it was read. Export one school or one term at a time.`;
