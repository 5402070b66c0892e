"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { CourseStateBadge } from "@/components/courses/course-state-badge";
import { useInvitationWrites, type WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import { InvitationRoleBadge } from "@/components/invitations/role-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { INVITATION_ROLES, type InvitationRole } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { courseQueryOptions } from "@/lib/query/course";
import type { CourseInvitationRow, CoursePageData, CoursePerson } from "@/lib/view/course";

import { CreateInvitationForm, courseOptionLabel, RoleOptions } from "../create-form";

/** One class in one place: who is in it, who is invited, and an invite form. */
export function CourseView({ courseId, viewerEmail }: { courseId: string; viewerEmail: string }) {
  const { data } = useSuspenseQuery(courseQueryOptions(courseId));
  const { course } = data;
  const label = courseOptionLabel(course);

  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-start justify-between gap-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold">{course.name}</h1>
          {course.section ? <p className="text-sm text-slate-600">{course.section}</p> : null}
          <p className="mt-2 text-sm text-slate-600">
            {countText(data.teachers.length, "teacher")}, {countText(data.students.length, "student")},{" "}
            {countText(data.invitations.length, "pending invitation")}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <CourseStateBadge state={course.state} />
          {course.link ? (
            <a
              href={course.link}
              target="_blank"
              rel="noopener noreferrer"
              className="text-sm font-medium text-brand-700 hover:underline"
            >
              Open in Classroom
            </a>
          ) : null}
        </div>
      </header>

      <section className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <CreateInvitationForm title="Invite someone" courses={[course]} defaultCourseId={course.id} />
      </section>

      <PendingInvitations data={data} courseLabel={label} viewerEmail={viewerEmail} />

      <div className="grid gap-6 lg:grid-cols-2">
        <PeopleList id="teachers" title="Teachers" people={data.teachers} empty="No teachers." />
        <PeopleList id="students" title="Students" people={data.students} empty="No students yet." />
      </div>
    </div>
  );
}

function personName(p: { name?: string; email?: string; userId: string }) {
  return p.name ?? p.email ?? p.userId;
}

function PendingInvitations({
  data,
  courseLabel,
  viewerEmail,
}: {
  data: CoursePageData;
  courseLabel: string;
  viewerEmail: string;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const writes = useInvitationWrites(viewerEmail);
  const target = (inv: CourseInvitationRow): WriteTarget => ({
    id: inv.id,
    courseId: data.course.id,
    userId: inv.userId,
    role: inv.role,
    who: personName(inv),
    courseName: courseLabel,
  });

  return (
    <section
      id="pending-invitations"
      aria-labelledby="pending-title"
      className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="pending-title" className="text-lg font-semibold">
        Pending invitations <span className="text-sm font-normal text-slate-500">({data.invitations.length})</span>
      </h2>
      {data.invitations.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No pending invitations for {courseLabel}.</p>
      ) : (
        <div className="relative mt-4 overflow-x-auto">
          {/* relative: the row actions' visually hidden labels are absolutely positioned, and would
              otherwise escape this scroller and widen the whole page on a phone. */}
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Pending invitations for {courseLabel}</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Invitee
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Role
                </th>
                <th scope="col" className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.invitations.map((inv) => (
                <InvitationRow
                  key={inv.id}
                  inv={inv}
                  canOwner={data.canInviteOwner}
                  confirming={confirming === inv.id}
                  busy={Boolean(writes.busy[inv.id])}
                  onRevoke={() => setConfirming(inv.id)}
                  onCancel={() => setConfirming(null)}
                  onConfirm={() => {
                    setConfirming(null);
                    void writes.revoke([target(inv)]);
                  }}
                  onChangeRole={(toRole) => void writes.changeRole(target(inv), toRole)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InvitationRow(props: {
  inv: CourseInvitationRow;
  canOwner: boolean;
  confirming: boolean;
  busy: boolean;
  onRevoke: () => void;
  onCancel: () => void;
  onConfirm: () => void;
  onChangeRole: (role: InvitationRole) => void;
}) {
  const { inv } = props;
  const who = personName(inv);
  const roles = INVITATION_ROLES.filter((r) => r !== inv.role && (r !== "OWNER" || props.canOwner));
  const [toRole, setToRole] = useState<InvitationRole>(roles[0] ?? "STUDENT");
  const selectId = `role-${inv.id}`;
  return (
    <tr id={`invitation-${inv.id}`} className="border-b border-slate-100 target:bg-amber-50">
      <td className="py-2 pr-4">
        <span className="font-medium">{who}</span>
        {inv.email && inv.name ? <span className="block text-xs text-slate-500">{inv.email}</span> : null}
      </td>
      <td className="py-2 pr-4">
        <InvitationRoleBadge role={inv.role} />
      </td>
      <td className="py-2">
        <div className="flex flex-wrap items-center justify-end gap-2">
          {props.confirming ? (
            <>
              <span className="text-sm">Revoke the invitation for {who}?</span>
              <Button size="sm" variant="danger" onClick={props.onConfirm}>
                Yes, revoke
              </Button>
              <Button size="sm" variant="secondary" onClick={props.onCancel}>
                Cancel
              </Button>
            </>
          ) : (
            <>
              {roles.length > 0 ? (
                <>
                  <label htmlFor={selectId} className="sr-only">
                    New role for {who}
                  </label>
                  <select
                    id={selectId}
                    value={toRole}
                    onChange={(e) => setToRole(e.target.value as InvitationRole)}
                    className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm"
                  >
                    <RoleOptions roles={roles} />
                  </select>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={props.busy}
                    onClick={() => props.onChangeRole(toRole)}
                    aria-label={`Change role for ${who}`}
                  >
                    Change role
                  </Button>
                </>
              ) : null}
              <Button
                size="sm"
                variant="danger"
                disabled={props.busy}
                onClick={props.onRevoke}
                aria-label={`Revoke invitation for ${who}`}
              >
                Revoke
              </Button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

function PeopleList({
  id,
  title,
  people,
  empty,
}: {
  id: string;
  title: string;
  people: (CoursePerson & { isOwner?: boolean })[];
  empty: string;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-500">({people.length})</span>
      </h2>
      {people.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {people.map((p) => (
            <li key={p.userId} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0">
                <span className="font-medium">{p.name}</span>
                {p.email ? <span className="block truncate text-xs text-slate-500">{p.email}</span> : null}
              </span>
              {p.isOwner ? <Badge tone="violet">Owner</Badge> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
