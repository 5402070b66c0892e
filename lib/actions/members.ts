"use server";
// Adding people to a class directly, without an invitation: domain administrators only.
import "server-only";

import { recordActivityBestEffort } from "@/lib/activity/log";
import { recheckedRole } from "@/lib/auth/session";
import { ADMINS_ONLY, addMembersAs } from "@/lib/classroom/add-members";
import { afterOwnWrite } from "@/lib/classroom/invitation-cache";

import { activityEntry, courseFields, reserveActivity } from "./activity";
import { addMembersSchema, type AddMemberResult, type AddMembersData } from "./members.schemas";
import { ActionFailure, authedAction, toActionError } from "./safe-action";

/**
 * Add 1–50 people to one class as students or co-teachers. Per-address results; each address
 * is logged on its own, and several share one run id so the log shows them as one entry.
 */
export const addMembersAction = authedAction(
  { schema: addMembersSchema, roles: ["admin"] },
  async (input, { user, token }): Promise<AddMembersData> => {
    // A stored admin role may be stale; this writes to any class of the domain.
    if ((await recheckedRole(user)) !== "admin") throw new ActionFailure("FORBIDDEN", ADMINS_ONLY);
    const emails = [...new Set(input.emails)];
    reserveActivity(user, emails.length);
    const outcomes = await afterOwnWrite(user.id, () =>
      addMembersAs(
        token,
        user.role,
        emails.map((email) => ({ courseId: input.courseId, userId: email, role: input.role })),
      ),
    );
    const batchId = emails.length > 1 ? globalThis.crypto.randomUUID() : null;
    await recordActivityBestEffort(
      outcomes.map((o, i) =>
        activityEntry(user, "member.add", {
          ...courseFields(o.course),
          invitee: emails[i]!,
          role: input.role,
          outcome: o.ok ? "ok" : "error",
          errorCode: o.ok ? null : toActionError(o.error).code,
          batchId,
        }),
      ),
    );
    const courseId = outcomes.find((o) => o.course)?.course?.id ?? input.courseId;
    return {
      courseId,
      role: input.role,
      results: outcomes.map((o, i): AddMemberResult => {
        const email = emails[i]!;
        if (o.ok) return o.reconciled ? { email, ok: true, reconciled: true } : { email, ok: true };
        const { code, message } = toActionError(o.error);
        return { email, ok: false, error: { code, message } };
      }),
    };
  },
);
