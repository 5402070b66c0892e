"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useRef, useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { fieldControlClass, fieldSelectClass } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { createInvitationAction } from "@/lib/actions/invitations";
import type { CreateInvitationError, InvitationDto } from "@/lib/actions/invitations.schemas";
import { emailProblem, normalizeEmail } from "@/lib/bulk/email";
import { INVITATION_ROLES, ROLE_LABELS, ROLE_PHRASES, type InvitationRole } from "@/lib/concepts";
import { callAction } from "@/lib/query/call-action";
import { queryKeys } from "@/lib/query/keys";

import { createErrorCopy } from "./create-errors";

export type InviteCourseOption = { id: string; name: string; section?: string };

type Props = {
  courses: readonly InviteCourseOption[];
  defaultCourseId?: string;
  /** Called after Classroom accepted the invitation (the form already toasts and invalidates). */
  onCreated?: (invitation: InvitationDto, email: string) => void;
  /** Heading level text; omit to render no heading. */
  title?: string;
};

type FieldErrors = { email?: string; courseId?: string };

export function courseOptionLabel(c: InviteCourseOption) {
  return c.section ? `${c.name} (${c.section})` : c.name;
}

/**
 * Invite one person. Validates as you type; the server validates again and
 * re-checks the caller's right to the class. Every documented Classroom error gets its own
 * message with the next step (create-errors.ts), tied to the field it concerns and announced.
 */
export function CreateInvitationForm({ courses, defaultCourseId, onCreated, title }: Props) {
  const id = useId();
  const ids = {
    email: `${id}-email`,
    emailError: `${id}-email-error`,
    emailHint: `${id}-email-hint`,
    course: `${id}-course`,
    courseError: `${id}-course-error`,
    role: `${id}-role`,
    server: `${id}-server`,
  };
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [courseId, setCourseId] = useState(defaultCourseId ?? (courses.length === 1 ? courses[0]!.id : ""));
  const [role, setRole] = useState<InvitationRole>("STUDENT");
  const [touched, setTouched] = useState<{ email?: boolean; courseId?: boolean }>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<
    (CreateInvitationError & { email: string; courseId: string; role: InvitationRole }) | null
  >(null);
  const [pending, startTransition] = useTransition();
  const emailRef = useRef<HTMLInputElement>(null);

  const errors: FieldErrors = {
    email: emailProblem(normalizeEmail(email)) ?? undefined,
    courseId: courseId ? undefined : "Choose a class.",
  };
  const show = (field: keyof FieldErrors) => (submitted || touched[field] ? errors[field] : undefined);
  // Classroom's answer concerns the person (email) for most codes; tie it to that field too.
  const serverOnEmail = serverError && EMAIL_CODES.has(serverError.code) && normalizeEmail(email) === serverError.email;

  function send(nextRole: InvitationRole = role) {
    setSubmitted(true);
    if (errors.email || errors.courseId) {
      (errors.email ? emailRef.current : document.getElementById(ids.course))?.focus();
      return;
    }
    const input = { email: normalizeEmail(email), courseId, role: nextRole };
    setServerError(null);
    startTransition(async () => {
      const res = await callAction(() => createInvitationAction(input));
      if (!res.ok) {
        setServerError({ ...res.error, ...input });
        return;
      }
      const course = courses.find((c) => c.id === courseId);
      toast.success(
        `Invitation sent to ${input.email} as ${ROLE_PHRASES[nextRole]}${course ? ` in ${courseOptionLabel(course)}` : ""}.`,
      );
      setEmail("");
      setTouched({});
      setSubmitted(false);
      setRole("STUDENT");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.course(res.data.invitation.courseId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.activity() }),
      ]);
      onCreated?.(res.data.invitation, input.email);
      emailRef.current?.focus();
    });
  }

  const copy = serverError ? createErrorCopy(serverError) : null;
  const fixedClass = defaultCourseId !== undefined && courses.length === 1 && courses[0]!.id === defaultCourseId;
  const describe = (...parts: (string | false | undefined | null)[]) => parts.filter(Boolean).join(" ") || undefined;

  return (
    <form
      noValidate
      aria-labelledby={title ? `${id}-title` : undefined}
      aria-label={title ? undefined : "Invite someone"}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      className="space-y-4"
    >
      {title ? (
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
      ) : null}
      <div
        className={`grid gap-4 ${fixedClass ? "sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]" : "sm:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1fr)]"}`}
      >
        <Field id={ids.email} label="Email" errorId={ids.emailError} error={show("email")}>
          <input
            ref={emailRef}
            id={ids.email}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            onBlur={() => setTouched((t) => ({ ...t, email: email !== "" || t.email }))}
            aria-invalid={Boolean(show("email") || serverOnEmail)}
            aria-describedby={describe(ids.emailHint, show("email") && ids.emailError, serverOnEmail && ids.server)}
            placeholder="name@school.edu"
            className={`${fieldControlClass} aria-[invalid=true]:border-red-500`}
          />
          <p id={ids.emailHint} className="sr-only">
            The person&apos;s school Google account.
          </p>
        </Field>
        {/* On a class's own page the class is given: no one-option drop-down. */}
        {fixedClass ? null : (
          <Field id={ids.course} label="Course" errorId={ids.courseError} error={show("courseId")}>
            <select
              id={ids.course}
              name="courseId"
              value={courseId}
              onChange={(e) => {
                setCourseId(e.target.value);
                setTouched((t) => ({ ...t, courseId: true }));
              }}
              onBlur={() => setTouched((t) => ({ ...t, courseId: true }))}
              aria-invalid={Boolean(show("courseId"))}
              aria-describedby={describe(show("courseId") && ids.courseError)}
              className={`${fieldSelectClass} aria-[invalid=true]:border-red-500`}
            >
              <option value="">Choose a class…</option>
              <CourseOptions courses={courses} />
            </select>
          </Field>
        )}
        <Field id={ids.role} label="Role">
          <select
            id={ids.role}
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as InvitationRole)}
            className={fieldSelectClass}
          >
            <RoleOptions roles={INVITATION_ROLES} />
          </select>
        </Field>
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? "Sending…" : "Send invitation"}
        </Button>
        {pending ? (
          <span className="text-sm text-slate-600" aria-hidden>
            Sending the invitation to Google Classroom…
          </span>
        ) : null}
      </div>

      <div id={ids.server} role="alert" aria-live="assertive" aria-atomic="true">
        {serverError && copy ? (
          <div
            className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
            data-error-code={serverError.code}
          >
            <p className="font-semibold">{copy.title}</p>
            <p className="mt-1">{copy.body}</p>
            {serverError.code === "ALREADY_EXISTS" && serverError.existing ? (
              <p className="mt-2">
                <Link
                  href={`/courses/${encodeURIComponent(serverError.existing.courseId)}#invitation-${encodeURIComponent(serverError.existing.id)}`}
                  className="font-medium text-brand-700 underline"
                >
                  View the invitation
                </Link>
              </p>
            ) : null}
            {serverError.code === "PENDING_INVITATION_EXISTS" ? (
              <p className="mt-2">
                <Link
                  href={`/courses/${encodeURIComponent(serverError.courseId)}#pending-invitations`}
                  className="font-medium text-brand-700 underline"
                >
                  See the class&apos;s pending invitations
                </Link>
              </p>
            ) : null}
            {serverError.code === "INELIGIBLE_OWNER" ? (
              <Button
                className="mt-3"
                size="sm"
                variant="secondary"
                disabled={pending}
                onClick={() => {
                  setRole("TEACHER");
                  send("TEACHER");
                }}
              >
                Invite as co-teacher first
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
    </form>
  );
}

/**
 * A label, its control (children), and, when `errorId` is given, a live error line.
 */
function Field({
  id,
  label,
  errorId,
  error,
  children,
}: {
  id: string;
  label: string;
  errorId?: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {/* Empty, the error line takes no room (no gap under every field); it stays in the page,
          so what appears in it is announced. */}
      {errorId ? (
        <p id={errorId} aria-live="polite" className="mt-1 text-sm text-red-700 empty:mt-0">
          {error ?? ""}
        </p>
      ) : null}
    </div>
  );
}

const byName = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** One <option> per class, labelled "Name (Section)", in name order, then section order. */
export function CourseOptions({ courses }: { courses: readonly InviteCourseOption[] }) {
  const sorted = [...courses].sort(
    (a, b) => byName.compare(a.name, b.name) || byName.compare(a.section ?? "", b.section ?? ""),
  );
  return sorted.map((c) => (
    <option key={c.id} value={c.id}>
      {courseOptionLabel(c)}
    </option>
  ));
}

/** One <option> per role, with the UI's role names. */
export function RoleOptions({ roles }: { roles: readonly InvitationRole[] }) {
  return roles.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
}

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
