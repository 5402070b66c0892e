import "server-only";

import type { JobKind } from "../store";
import type { Handler } from "./handler";
import { invite } from "./invite";
import { recreate } from "./recreate";
import { revoke } from "./revoke";
import { rosterSync } from "./roster-sync";

/** One handler per kind of job. */
export const HANDLERS: Record<JobKind, Handler> = {
  invite,
  revoke,
  "change-role": recreate,
  resend: recreate,
  "roster-sync": rosterSync,
};
