import "server-only";

import { unstable_rethrow } from "next/navigation";
import { z } from "zod";

import type { Role } from "@/lib/auth/roles";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { getGoogleAccessToken, ReauthRequiredError } from "@/lib/auth/tokens";
import { asAccessToken, type AccessToken } from "@/lib/classroom/client";
import { toAppError, toPublicError, type AppErrorCode } from "@/lib/classroom/errors";
import { MAX_REQUEST_BODY_BYTES } from "@/lib/request-limits";

/** Failures that come from the action itself rather than from Classroom. */
export type ActionErrorCode = AppErrorCode | "VALIDATION" | "SIGNED_OUT" | "REAUTH_REQUIRED" | "FORBIDDEN";

export type ActionError = {
  code: ActionErrorCode;
  message: string;
  /** Per-field messages for forms, keyed by input path ("email", "rows.3.course"). */
  fieldErrors?: Record<string, string[]>;
};

/**
 * What every action answers: it never throws for an expected failure. `X` is what a failure of
 * this action may add to the error (e.g. the invitation that blocks a create).
 */
export type ActionResult<T, X extends object = object> =
  { ok: true; data: T } | { ok: false; error: ActionError & Partial<X> };

/** A server action built with authedAction. */
export type Action<I, T, X extends object = object> = (input: I) => Promise<ActionResult<T, X>>;

/**
 * A refusal that is ours, not Classroom's: a handler throws it and the wrapper answers with its
 * code and message. lib/classroom's AccessDeniedError has the same shape.
 */
export class ActionFailure extends Error {
  constructor(
    readonly code: ActionErrorCode,
    readonly userMessage: string,
  ) {
    super(code);
    this.name = "ActionFailure";
  }
}

export type ActionContext = { user: CurrentUser; token: AccessToken };

const MESSAGES = {
  SIGNED_OUT: "You are signed out. Sign in again to continue.",
  REAUTH_REQUIRED: "Your Google sign-in has expired or was revoked. Sign in again to continue.",
  FORBIDDEN: "Your account is not allowed to do this.",
  VALIDATION: "Some of the input is not valid. Check the highlighted fields.",
} as const;

const fail = (
  code: ActionErrorCode,
  message: string,
  fieldErrors?: ActionError["fieldErrors"],
): ActionResult<never> => ({
  ok: false,
  error: fieldErrors ? { code, message, fieldErrors } : { code, message },
});

/**
 * The only way to write a server action. Server actions are public POST endpoints, so each
 * one: parses its input with zod (no upstream call on bad input), re-reads the session and
 * role on the server (`roles` refuses the others before anything else runs), gets the user's
 * own Google token server-side, runs the handler, and turns what it returns or throws into the
 * one result shape. No token, stack trace or upstream message can reach the browser through it.
 */
export function authedAction<S extends z.ZodType, T>(
  options: { schema: S; roles?: readonly Role[] },
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): Action<z.input<S>, T> {
  return wrapped(options.schema, async (input) => {
    const user = await getCurrentUser();
    if (!user) return fail("SIGNED_OUT", MESSAGES.SIGNED_OUT);
    if (options.roles && !options.roles.includes(user.role)) return fail("FORBIDDEN", MESSAGES.FORBIDDEN);

    let token: AccessToken;
    try {
      token = asAccessToken(await getGoogleAccessToken(user.id), user.id);
    } catch (e) {
      if (e instanceof ReauthRequiredError) return fail("REAUTH_REQUIRED", MESSAGES.REAUTH_REQUIRED);
      throw e;
    }
    return { ok: true, data: await handler(input, { user, token }) };
  });
}

/** A form's action as useActionState calls it: the previous result first, then the form. */
export type FormAction<I, T> = (previous: ActionResult<T> | null, input: I) => Promise<ActionResult<T>>;

/**
 * The same wrapper for the actions that must run without a signed-in user (signing in and
 * signing out) or need no Google token (dismissing the permission notice, which reads the
 * session itself). Input limit, zod, result shape and error mapping are authedAction's; there is
 * no session to read and no Google token to hand out, so the handler gets the input alone.
 * They are plain HTML forms (they work before any JavaScript has loaded), so the action takes
 * useActionState's arguments, and the form shows the result.
 */
export function sessionAction<S extends z.ZodType, T>(
  options: { schema: S },
  handler: (input: z.output<S>) => Promise<T>,
): FormAction<z.input<S>, T> {
  const run = wrapped(options.schema, async (input) => ({ ok: true, data: await handler(input) }));
  return async (_previous, input) => run(input);
}

/** What both wrappers do around their own part: the size limit, zod, and turning failures into results. */
function wrapped<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>) => Promise<ActionResult<T>>,
): Action<z.input<S>, T> {
  return async (raw) => {
    try {
      // The server's one body limit: an input bigger than any body it reads is refused before zod walks it.
      if (approxSize(raw) > MAX_REQUEST_BODY_BYTES) return fail("VALIDATION", "The request is too large.");
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return fail("VALIDATION", MESSAGES.VALIDATION, fieldErrorsOf(parsed.error));
      return await run(parsed.data);
    } catch (e) {
      // redirect() and notFound() are control flow, not failures.
      unstable_rethrow(e);
      return { ok: false, error: toActionError(e) };
    }
  };
}

/**
 * A thrown failure as the browser may see it: our own refusals (ActionFailure, or anything of
 * the same shape with code FORBIDDEN) keep their text; everything else goes through the one
 * error mapper. An error may add fields it chose to make public (`publicDetails()`).
 */
export function toActionError(e: unknown): ActionError {
  const details = hasPublicDetails(e) ? e.publicDetails() : {};
  if (e instanceof ActionFailure || isForbidden(e)) return { ...details, code: e.code, message: e.userMessage };
  return { ...details, ...toPublicError(toAppError(e)) };
}

function isForbidden(e: unknown): e is { code: "FORBIDDEN"; userMessage: string } {
  return (
    e instanceof Error &&
    (e as { code?: unknown }).code === "FORBIDDEN" &&
    typeof (e as { userMessage?: unknown }).userMessage === "string"
  );
}

function hasPublicDetails(e: unknown): e is { publicDetails(): Record<string, unknown> } {
  return typeof (e as { publicDetails?: unknown } | null)?.publicDetails === "function";
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** The input's size as JSON, in UTF-8 bytes (what the body limit counts). */
function approxSize(value: unknown): number {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? 0 : Buffer.byteLength(json, "utf8");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
