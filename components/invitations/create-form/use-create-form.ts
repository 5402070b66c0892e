"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, useTransition } from "react";

import { toast } from "@/components/ui/toast";
import { createInvitationAction } from "@/lib/actions/invitations";
import type { CreateInvitationError, InvitationDto } from "@/lib/actions/invitations.schemas";
import { createInviteJobAction } from "@/lib/actions/jobs";
import { addMembersAction } from "@/lib/actions/members";
import { splitAddresses } from "@/lib/bulk/email";
import { ROLE_PHRASES, type InvitationRole } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { emailDomain, type JoinSetting } from "@/lib/domain-policy";
import { callAction } from "@/lib/query/call-action";
import { queryKeys } from "@/lib/query/keys";

import { addressNote, emailFieldError, type Mode } from "./checks";
import { courseOptionLabel, type InviteCourseOption } from "./options";

export type CreateFormOptions = {
  courses: readonly InviteCourseOption[];
  defaultCourseId?: string;
  /** Called after Classroom accepted the invitation (the form already toasts and invalidates). */
  onCreated?: (invitation: InvitationDto, email: string) => void;
  /**
   * Who is sending: their school's domains mark outside addresses, its "who can join classes"
   * setting (when the app knows it) the ones Classroom will refuse; an admin may also add people
   * directly.
   */
  viewer?: { email: string; isAdmin: boolean; joinSetting?: JoinSetting | null };
};

/** Classroom's refusal of the last send, with what was sent (the copy names the person and the role). */
export type CreateFormServerError = CreateInvitationError & { email: string; courseId: string; role: InvitationRole };

type FieldErrors = { email?: string; courseId?: string };

/**
 * The create form's state and its one send path: the addresses (chips and the draft), class,
 * role and mode; what each address needs said; the field errors shown once touched or
 * submitted; and the send itself (one invitation, a job for several, or a direct add).
 */
export function useCreateForm({ courses, defaultCourseId, onCreated, viewer }: CreateFormOptions) {
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
    title: `${id}-title`,
    warning: `${id}-warning`,
  };
  const queryClient = useQueryClient();
  const [addresses, setAddresses] = useState<string[]>([]);
  const [draft, setDraft] = useState("");
  const [courseId, setCourseId] = useState(defaultCourseId ?? (courses.length === 1 ? courses[0]!.id : ""));
  const [role, setRole] = useState<InvitationRole>("STUDENT");
  const [mode, setMode] = useState<Mode>("invite");
  const [touched, setTouched] = useState<{ email?: boolean; courseId?: boolean }>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<CreateFormServerError | null>(null);
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
  const noteFor = (address: string) => addressNote(address, { refusals, ownDomains, mode, joinSetting });
  const notes = all.map((a) => [a, noteFor(a)] as const);
  const blocking = notes.filter(([, n]) => n?.tone === "error");
  // Outside addresses are only flagged; ones the school's setting will refuse need a "send anyway".
  const warnings = notes.filter(([, n]) => n?.tone === "warning" && n.confirm).map(([a]) => a);
  const warningKey = warnings.join(" ");

  const errors: FieldErrors = {
    email: emailFieldError(all, blocking),
    courseId: courseId ? undefined : "Choose a class.",
  };
  const show = (field: keyof FieldErrors) => (submitted || touched[field] ? errors[field] : undefined);
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
      document.getElementById(ids.warning)?.focus();
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

  /** Adding directly can't make an owner: switching to it steps an owner choice down to co-teacher. */
  const chooseMode = (next: Mode) => {
    setMode(next);
    if (next === "add" && role === "OWNER") setRole("TEACHER");
  };

  return {
    ids,
    emailRef,
    addresses,
    setAddresses,
    draft,
    setDraft,
    courseId,
    setCourseId,
    role,
    setRole,
    mode,
    chooseMode,
    canAdd,
    all,
    noteFor,
    notes,
    blocking,
    warnings,
    needsAck,
    acknowledge: () => setAcknowledged(warningKey),
    setTouched,
    submitted,
    show,
    serverError,
    jobId,
    pending,
    send,
  };
}
