import "server-only";

import { env } from "@/lib/env";

export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Classroom API root, from `lib/env.ts` (CLASSROOM_ROOT_URL, or the emulator in demo mode).
 *
 * Always ends with "/": the generated client replaces the origin of each request with this
 * URL and drops any path prefix (docs/classroom-api.md §9), and batch.ts resolves `/batch`
 * against it the same way, so both reach the same server.
 */
export function classroomRootUrl(): string {
  const raw = env().classroomRootUrl;
  return raw.endsWith("/") ? raw : `${raw}/`;
}
