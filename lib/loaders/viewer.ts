import type { CurrentUser } from "@/lib/auth/session";

/** Who a read is for: re-read from the session on the server for every request. */
export type Viewer = Pick<CurrentUser, "id" | "email" | "role">;

/** A read the viewer may not make (another teacher's course). */
export class ForbiddenError extends Error {
  constructor(message = "You can only see invitations for classes you teach.") {
    super(message);
    this.name = "ForbiddenError";
  }
}
