import "server-only";

export const DEFAULT_CLASSROOM_ROOT_URL = "https://classroom.googleapis.com/";
export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Classroom API root. The only reader of `CLASSROOM_ROOT_URL`; it moves into `lib/env.ts`
 * (docs/CONTRACTS.md "App configuration") as a one-line change.
 *
 * Always ends with "/": the generated client replaces the origin of each request with this
 * URL and drops any path prefix (classroom-api-notes §9), and batch.ts resolves `/batch`
 * against it the same way, so both reach the same server.
 */
export function classroomRootUrl(): string {
  const raw = process.env.CLASSROOM_ROOT_URL?.trim();
  if (!raw) return DEFAULT_CLASSROOM_ROOT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`CLASSROOM_ROOT_URL must be an absolute http(s) URL; got "${raw}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`CLASSROOM_ROOT_URL must use http or https; got "${url.protocol}".`);
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}
