import Link from "next/link";

import { HelpLink } from "@/components/help/help-link";
import { Button } from "@/components/ui/button";

import { createErrorCopy } from "../create-errors";
import type { CreateFormServerError } from "./use-create-form";

/** The codes where Classroom's answer concerns the person, so the email field is tied to it too. */
const EMAIL_CODES = new Set([
  "ALREADY_EXISTS",
  "ALREADY_MEMBER",
  "FAILED_PRECONDITION",
  "ACCOUNT_DISABLED",
  "USER_NOT_FOUND",
  "NOT_FOUND",
  "UNTRUSTED_DOMAIN",
  "DOMAIN_NOT_ALLOWED",
  "INELIGIBLE_OWNER",
]);

/** Whether the last refusal concerns the address now first in the field. */
export function errorOnEmail(error: CreateFormServerError | null, firstAddress: string | undefined): boolean {
  return Boolean(error && EMAIL_CODES.has(error.code) && firstAddress === error.email);
}

/**
 * Classroom's refusal, announced: its title and next step (create-errors.ts), a link to what
 * it concerns, and for a would-be owner who isn't a co-teacher yet, the co-teacher invitation.
 */
export function ServerError({
  id,
  error,
  pending,
  onInviteAsTeacher,
}: {
  id: string;
  error: CreateFormServerError | null;
  pending: boolean;
  onInviteAsTeacher: () => void;
}) {
  const copy = error ? createErrorCopy(error) : null;
  return (
    <div id={id} role="alert" aria-live="assertive" aria-atomic="true">
      {error && copy ? (
        <div
          className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
          data-error-code={error.code}
        >
          <p className="font-semibold">{copy.title}</p>
          <p className="mt-1">{copy.body}</p>
          {error.code === "ALREADY_EXISTS" && error.existing ? (
            <p className="mt-2">
              <Link
                href={`/courses/${encodeURIComponent(error.existing.courseId)}#invitation-${encodeURIComponent(error.existing.id)}`}
                className="font-medium text-brand-700 underline"
              >
                View the invitation
              </Link>
            </p>
          ) : null}
          {error.code === "PENDING_INVITATION_EXISTS" ? (
            <p className="mt-2">
              <Link
                href={`/courses/${encodeURIComponent(error.courseId)}#pending-invitations`}
                className="font-medium text-brand-700 underline"
              >
                See the class&apos;s pending invitations
              </Link>
            </p>
          ) : null}
          {error.code === "INELIGIBLE_OWNER" ? (
            <Button className="mt-3" size="sm" variant="secondary" disabled={pending} onClick={onInviteAsTeacher}>
              Invite as co-teacher first
            </Button>
          ) : null}
          <HelpLink code={error.code} />
        </div>
      ) : null}
    </div>
  );
}
