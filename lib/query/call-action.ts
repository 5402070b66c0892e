import type { ActionError } from "@/lib/actions/safe-action";

/**
 * How the browser calls a server action. An action never throws for a refusal: it answers a
 * typed result whose message is ours. A call that got no answer at all (offline, the server
 * restarting, a proxy's error page) throws instead; here it becomes the same failed result,
 * with the one sentence the user reads for it. The write may or may not have happened, so the
 * sentence says to look before trying again.
 */
export const UNREACHABLE: ActionError = {
  code: "NETWORK",
  message: "We couldn't reach the dashboard. Check your connection, then refresh to see whether it went through.",
};

type AnyResult = { ok: true; data: unknown } | { ok: false; error: ActionError };
type Failed = { ok: false; error: ActionError };

/** The action's own result, or UNREACHABLE when no answer came back. */
export async function callAction<R extends AnyResult>(call: () => Promise<R>): Promise<R | Failed> {
  try {
    return await call();
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** A failed call as an Error, for code that throws (useMutation's mutationFn). */
export class ActionFailed extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
    this.name = "ActionFailed";
  }
}

/** The action's data; a refusal or no answer throws ActionFailed. */
export async function actionData<R extends AnyResult>(
  call: () => Promise<R>,
): Promise<Extract<R, { ok: true }>["data"]> {
  const result = await callAction(call);
  if (!result.ok) throw new ActionFailed(result.error);
  return result.data;
}

/** What the user reads for anything a call threw. */
export const failureOf = (e: unknown): ActionError => (e instanceof ActionFailed ? e.error : UNREACHABLE);
