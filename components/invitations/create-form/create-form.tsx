"use client";

import { fieldSelectClass } from "@/components/ui/field";
import { DIRECT_ROLES, INVITATION_ROLES, type InvitationRole } from "@/lib/concepts";

import { AddressBox } from "../address-box";
import { MAX_ADDRESSES } from "./checks";
import { Field } from "./field";
import { ModePicker } from "./mode-picker";
import { CourseOptions, RoleOptions } from "./options";
import { AddressNotes, OutsideWarning } from "./outside-warning";
import { ServerError, errorOnEmail } from "./server-error";
import { SendJob, SubmitRow } from "./submit-row";
import { useCreateForm, type CreateFormOptions } from "./use-create-form";

type Props = CreateFormOptions & {
  /** Heading level text; omit to render no heading. */
  title?: string;
};

const describe = (...parts: (string | false | undefined | null)[]) => parts.filter(Boolean).join(" ") || undefined;

/**
 * Invite one person or many (a chip per address), or, for an administrator, add them to the
 * class directly. Validates each address as you type and warns about outside addresses before
 * sending; the server validates again and re-checks the caller's right to the class. Every
 * documented Classroom error gets its own message with the next step (create-errors.ts), tied
 * to the field it concerns and announced.
 */
export function CreateInvitationForm({ title, ...options }: Props) {
  const { courses, defaultCourseId } = options;
  const form = useCreateForm(options);
  const { ids, mode, all, show } = form;
  // Classroom's answer concerns the person (email) for most codes; tie it to that field too.
  const serverOnEmail = errorOnEmail(form.serverError, all[0]);
  const fixedClass = defaultCourseId !== undefined && courses.length === 1 && courses[0]!.id === defaultCourseId;

  return (
    <form
      noValidate
      aria-labelledby={title ? ids.title : undefined}
      aria-label={title ? undefined : "Invite someone"}
      onSubmit={(e) => {
        e.preventDefault();
        form.send();
      }}
      className="space-y-4"
    >
      {title ? (
        <h2 id={ids.title} className="text-lg font-semibold">
          {title}
        </h2>
      ) : null}
      {form.canAdd ? <ModePicker name={ids.mode} mode={mode} onChange={form.chooseMode} /> : null}
      <div
        className={`grid gap-4 ${fixedClass ? "sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]" : "sm:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1fr)]"}`}
      >
        <Field id={ids.email} label="Email addresses" errorId={ids.emailError} error={show("email")}>
          <AddressBox
            id={ids.email}
            inputRef={form.emailRef}
            addresses={form.addresses}
            onChange={(next) => {
              form.setAddresses(next);
              form.setTouched((t) => ({ ...t, email: true }));
            }}
            draft={form.draft}
            onDraftChange={form.setDraft}
            noteFor={form.noteFor}
            onBlur={() =>
              form.setTouched((t) => ({ ...t, email: form.draft !== "" || form.addresses.length > 0 || t.email }))
            }
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
              value={form.courseId}
              onChange={(e) => {
                form.setCourseId(e.target.value);
                form.setTouched((t) => ({ ...t, courseId: true }));
              }}
              onBlur={() => form.setTouched((t) => ({ ...t, courseId: true }))}
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
            value={form.role}
            onChange={(e) => form.setRole(e.target.value as InvitationRole)}
            className={fieldSelectClass}
          >
            <RoleOptions roles={mode === "add" ? DIRECT_ROLES : INVITATION_ROLES} />
          </select>
        </Field>
      </div>

      <AddressNotes notes={form.notes} many={all.length > 1} />

      {form.submitted && form.needsAck && !form.blocking.length ? (
        <OutsideWarning id={ids.warning} count={form.warnings.length} onAcknowledge={form.acknowledge} />
      ) : null}

      <SubmitRow mode={mode} count={all.length} pending={form.pending} />

      {form.jobId ? <SendJob jobId={form.jobId} /> : null}

      <ServerError
        id={ids.server}
        error={form.serverError}
        pending={form.pending}
        onInviteAsTeacher={() => {
          form.setRole("TEACHER");
          form.send("TEACHER");
        }}
      />
    </form>
  );
}
