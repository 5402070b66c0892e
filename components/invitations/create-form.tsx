"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useRef, useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { fieldSelectClass } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { JobProgress } from "@/components/jobs/job-progress";
import { createInvitationAction } from "@/lib/actions/invitations";
import type { CreateInvitationError, InvitationDto } from "@/lib/actions/invitations.schemas";
import { createInviteJobAction } from "@/lib/actions/jobs";
import { addMembersAction } from "@/lib/actions/members";
import { MAX_DIRECT_ADD } from "@/lib/actions/invitations.limits";
import { emailProblem, splitAddresses } from "@/lib/bulk/email";
import {
  ADD_DIRECTLY_EXPLAINED,
  DIRECT_ROLES,
  INVITATION_ROLES,
  ROLE_LABELS,
  ROLE_PHRASES,
  type InvitationRole,
} from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { domainRefusal, emailDomain, type JoinSetting } from "@/lib/view/join-policy";
import { domainRefusedText } from "@/lib/invitation-messages";
import { callAction } from "@/lib/query/call-action";
import { queryKeys } from "@/lib/query/keys";

import { AddressBox, type AddressNote } from "./address-box";
import { createErrorCopy } from "./create-errors";
import { HelpLink } from "@/components/help/help-link";

export type InviteCourseOption = { id: string; name: string; section?: string };

type Props = {
  courses: readonly InviteCourseOption[];
  defaultCourseId?: string;
  /** Called after Classroom accepted the invitation (the form already toasts and invalidates). */
  onCreated?: (invitation: InvitationDto, email: string) => void;
  /** Heading level text; omit to render no heading. */
  title?: string;
  /**
   * Who is sending: their school's domains mark outside addresses, its "who can join classes"
   * setting (when the app knows it) the ones Classroom will refuse; an admin may also add people
   * directly.
   */
  viewer?: { email: string; isAdmin: boolean; joinSetting?: JoinSetting | null };
};

type FieldErrors = { email?: string; courseId?: string };
type Mode = "invite" | "add";

/** The box holds one /batch request's worth of addresses; longer lists go through Bulk invite. */
const MAX_ADDRESSES = MAX_DIRECT_ADD;

export function courseOptionLabel(c: InviteCourseOption) {
  return c.section ? `${c.name} (${c.section})` : c.name;
}

/**
 * Invite one person or many (a chip per address), or, for an administrator, add them to the
 * class directly. Validates each address as you type and warns about outside addresses before
 * sending; the server validates again and re-checks the caller's right to the class. Every
 * documented Classroom error gets its own message with the next step (create-errors.ts), tied
 * to the field it concerns and announced.
 */
export function CreateInvitationForm({ courses, defaultCourseId, onCreated, title, viewer }: Props) {
  const id = useId();
  const ids = {
    email: `${id}-email`,
    emailError: `${id}-email-error`,
    emailHint: `${id}-email-hint`,
    course: `${id}-course`,
    courseError: `${id}-course-error`,
    role: `${id}-role`,
    server: `${id}-server`,
    mode: `${id}-mode`,
  };
  const queryClient = useQueryClient();
  const [addresses, setAddresses] = useState<string[]>([]);
  const [draft, setDraft] = useState("");
  const [courseId, setCourseId] = useState(defaultCourseId ?? (courses.length === 1 ? courses[0]!.id : ""));
  const [role, setRole] = useState<InvitationRole>("STUDENT");
  const [mode, setMode] = useState<Mode>("invite");
  const [touched, setTouched] = useState<{ email?: boolean; courseId?: boolean }>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<
    (CreateInvitationError & { email: string; courseId: string; role: InvitationRole }) | null
  >(null);
  /** Per-address refusals from the last multi-address send, shown on the chips that stay. */
  const [refusals, setRefusals] = useState<ReadonlyMap<string, string>>(new Map());
  /** The outside addresses the user has seen the warning for and chose to send anyway. */
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  /** Several invitations go out as a job on the server; its progress and per-row results show here. */
  const [jobId, setJobId] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const emailRef = useRef<HTMLInputElement>(null);

  const joinSetting = viewer?.joinSetting ?? null;
  const ownDomains = joinSetting?.schoolDomains ?? (viewer ? [emailDomain(viewer.email) ?? ""] : []);
  const canAdd = viewer?.isAdmin === true;
  const all = [...addresses, ...splitAddresses(draft).filter((a) => !addresses.includes(a))];
  const noteFor = (address: string): AddressNote => {
    const problem = emailProblem(address);
    if (problem) return { tone: "error", text: problem };
    const refused = refusals.get(address);
    if (refused) return { tone: "error", text: refused };
    const domain = emailDomain(address) ?? "";
    if (ownDomains.length === 0 || ownDomains.includes(domain)) return null;
    if (mode === "add") return { tone: "error", text: OUTSIDE_CANT_ADD };
    const refusal = domainRefusal(address, joinSetting);
    if (refusal) return { tone: "warning", text: domainRefusedText(refusal), confirm: true };
    return { tone: "warning", text: `Outside your domain (${domain}): ${OUTSIDE_INVITE}` };
  };
  const notes = all.map((a) => [a, noteFor(a)] as const);
  const blocking = notes.filter(([, n]) => n?.tone === "error");
  // Outside addresses are only flagged; ones the school's setting will refuse need a "send anyway".
  const warnings = notes.filter(([, n]) => n?.tone === "warning" && n.confirm).map(([a]) => a);
  const warningKey = warnings.join(" ");

  const errors: FieldErrors = {
    email:
      all.length === 0
        ? "Enter an email address."
        : all.length > MAX_ADDRESSES
          ? `At most ${MAX_ADDRESSES} addresses at once. Use Bulk invite for longer lists.`
          : blocking.length === 1 && all.length === 1
            ? blocking[0]![1]!.text
            : blocking.length
              ? `${countText(blocking.length, "address", "addresses")} can't be used: fix or remove ${blocking.length === 1 ? "it" : "them"}.`
              : undefined,
    courseId: courseId ? undefined : "Choose a class.",
  };
  const show = (field: keyof FieldErrors) => (submitted || touched[field] ? errors[field] : undefined);
  // Classroom's answer concerns the person (email) for most codes; tie it to that field too.
  const serverOnEmail = serverError && EMAIL_CODES.has(serverError.code) && all[0] === serverError.email;
  const needsAck = warnings.length > 0 && acknowledged !== warningKey;

  const afterWrite = async (courseIds: string[]) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.invitations() }),
      ...courseIds.map((c) => queryClient.invalidateQueries({ queryKey: queryKeys.course(c) })),
      queryClient.invalidateQueries({ queryKey: queryKeys.activity() }),
    ]);
  };
  const reset = () => {
    setAddresses([]);
    setDraft("");
    setTouched({});
    setSubmitted(false);
    setRole("STUDENT");
    setAcknowledged(null);
    setRefusals(new Map());
  };
  const course = courses.find((c) => c.id === courseId);
  const inCourse = course ? ` in ${courseOptionLabel(course)}` : "";

  /** Keeps the failed addresses as chips, each saying why, and toasts the rest. */
  const settleMany = (results: { email: string; ok: boolean; message?: string }[], done: string) => {
    const failed = results.filter((r) => !r.ok);
    const sent = results.length - failed.length;
    setAddresses(failed.map((r) => r.email));
    setDraft("");
    setRefusals(new Map(failed.map((r) => [r.email, r.message ?? "It could not be done."])));
    setAcknowledged(null);
    if (sent > 0) toast.success(`${done} ${countText(sent, "person", "people")}${inCourse}.`);
    if (failed.length > 0)
      toast.error(`${countText(failed.length, "address", "addresses")} failed; each one says why below.`);
    else reset();
  };

  function send(nextRole: InvitationRole = role) {
    setSubmitted(true);
    if (errors.email || errors.courseId) {
      (errors.email ? emailRef.current : document.getElementById(ids.course))?.focus();
      return;
    }
    if (needsAck) {
      setAcknowledged(null);
      document.getElementById(`${id}-warning`)?.focus();
      return;
    }
    setServerError(null);
    if (all.length > 1) {
      setAddresses(all);
      setDraft("");
    }
    startTransition(async () => {
      if (mode === "add") {
        const res = await callAction(() =>
          addMembersAction({ courseId, role: nextRole === "TEACHER" ? "TEACHER" : "STUDENT", emails: all }),
        );
        if (!res.ok) {
          setServerError({ ...res.error, email: all[0]!, courseId, role: nextRole });
          return;
        }
        settleMany(
          res.data.results.map((r) => ({ email: r.email, ok: r.ok, message: r.ok ? undefined : r.error.message })),
          "Added",
        );
        await afterWrite([res.data.courseId]);
        return;
      }
      if (all.length > 1) {
        // The bulk page's path: a job on the server, through the one create path, that goes on
        // if the page closes and keeps within the sender's daily limit.
        const res = await callAction(() =>
          createInviteJobAction({ rows: all.map((email) => ({ email, courseId, role: nextRole })) }),
        );
        if (!res.ok) {
          setServerError({ ...res.error, email: all[0]!, courseId, role: nextRole });
          return;
        }
        setJobId(res.data.jobId);
        toast.info(`Sending ${countText(all.length)}${inCourse} on the server; each result shows below.`);
        reset();
        await queryClient.invalidateQueries({ queryKey: queryKeys.jobs() });
        return;
      }
      const input = { email: all[0]!, courseId, role: nextRole };
      const res = await callAction(() => createInvitationAction(input));
      if (!res.ok) {
        setServerError({ ...res.error, ...input });
        return;
      }
      toast.success(`Invitation sent to ${input.email} as ${ROLE_PHRASES[nextRole]}${inCourse}.`);
      reset();
      await afterWrite([res.data.invitation.courseId]);
      onCreated?.(res.data.invitation, input.email);
      emailRef.current?.focus();
    });
  }

  const copy = serverError ? createErrorCopy(serverError) : null;
  const fixedClass = defaultCourseId !== undefined && courses.length === 1 && courses[0]!.id === defaultCourseId;
  const describe = (...parts: (string | false | undefined | null)[]) => parts.filter(Boolean).join(" ") || undefined;
  const roles = mode === "add" ? DIRECT_ROLES : INVITATION_ROLES;
  const verb = mode === "add" ? "Add" : "Send";
  const noun =
    all.length > 1
      ? countText(all.length, mode === "add" ? "person" : "invitation", mode === "add" ? "people" : undefined)
      : mode === "add"
        ? "to the class"
        : "invitation";

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
      {canAdd ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">How</legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            <ModeOption
              name={ids.mode}
              checked={mode === "invite"}
              onChange={() => setMode("invite")}
              label="Send an invitation"
              hint="Classroom emails each person; they join when they accept. Works for anyone the class's school allows."
            />
            <ModeOption
              name={ids.mode}
              checked={mode === "add"}
              onChange={() => {
                setMode("add");
                if (role === "OWNER") setRole("TEACHER");
              }}
              label="Add directly"
              hint={`${ADD_DIRECTLY_EXPLAINED} Only for accounts in your domain; a new owner still needs an invitation.`}
            />
          </div>
        </fieldset>
      ) : null}
      <div
        className={`grid gap-4 ${fixedClass ? "sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]" : "sm:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1fr)]"}`}
      >
        <Field id={ids.email} label="Email addresses" errorId={ids.emailError} error={show("email")}>
          <AddressBox
            id={ids.email}
            inputRef={emailRef}
            addresses={addresses}
            onChange={(next) => {
              setAddresses(next);
              setTouched((t) => ({ ...t, email: true }));
            }}
            draft={draft}
            onDraftChange={setDraft}
            noteFor={noteFor}
            onBlur={() => setTouched((t) => ({ ...t, email: draft !== "" || addresses.length > 0 || t.email }))}
            max={MAX_ADDRESSES}
            invalid={Boolean(show("email") || serverOnEmail)}
            describedBy={describe(ids.emailHint, show("email") && ids.emailError, serverOnEmail && ids.server)}
          />
          <p id={ids.emailHint} className="sr-only">
            School Google accounts, separated by commas or spaces; up to {MAX_ADDRESSES}.
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
            <RoleOptions roles={roles} />
          </select>
        </Field>
      </div>

      {/* One address's error is the field's own; the list is for warnings and for several addresses. */}
      {notes.some(([, n]) => n && (all.length > 1 || n.tone === "warning")) ? (
        <ul className="space-y-1 text-sm" aria-label="Addresses that need a look" data-testid="address-notes">
          {notes.map(([a, n]) =>
            n ? (
              <li key={a} className={n.tone === "error" ? "text-red-700" : "text-amber-900"}>
                <span className="font-medium">{a}</span>: {n.text}
              </li>
            ) : null,
          )}
        </ul>
      ) : null}

      {submitted && needsAck && !blocking.length ? (
        <div
          id={`${id}-warning`}
          tabIndex={-1}
          role="alert"
          className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <p className="font-semibold">
            Classroom is likely to refuse {warnings.length === 1 ? "1 address" : `${warnings.length} addresses`} under
            the class&apos;s domain settings
          </p>
          <p className="mt-1">
            Sending still uses a place in your daily invitation limit.{" "}
            <Link href="/help#domains" className="font-medium text-brand-700 underline">
              How domain settings work
            </Link>
          </p>
          <Button className="mt-3" size="sm" variant="secondary" onClick={() => setAcknowledged(warningKey)}>
            Send to {warnings.length === 1 ? "it" : "them"} anyway
          </Button>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? (mode === "add" ? "Adding…" : "Sending…") : `${verb} ${noun}`}
        </Button>
        {pending ? (
          <span className="text-sm text-slate-600" aria-hidden>
            {mode === "add" ? "Adding to the class in Google Classroom…" : "Sending to Google Classroom…"}
          </span>
        ) : null}
      </div>

      {jobId ? (
        <section aria-label="Invitations being sent" className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
          <JobProgress jobId={jobId} />
        </section>
      ) : null}

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
            <HelpLink code={serverError.code} />
          </div>
        ) : null}
      </div>
    </form>
  );
}

const OUTSIDE_INVITE = "Classroom will ask them to accept, and either school's Classroom settings may refuse them.";
const OUTSIDE_CANT_ADD =
  "Outside your domain: Classroom only lets you add people of your own domain directly. Send an invitation instead.";

function ModeOption({
  name,
  checked,
  onChange,
  label,
  hint,
}: {
  name: string;
  checked: boolean;
  onChange: () => void;
  label: string;
  hint: string;
}) {
  return (
    <label
      className={`flex cursor-pointer gap-2 rounded-lg p-3 text-sm ring-1 ${checked ? "bg-brand-50 ring-brand-600" : "bg-white ring-slate-300"}`}
    >
      <input type="radio" name={name} checked={checked} onChange={onChange} className="mt-0.5" />
      <span>
        <span className="block font-medium text-slate-900">{label}</span>
        <span className="block text-slate-700">{hint}</span>
      </span>
    </label>
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
