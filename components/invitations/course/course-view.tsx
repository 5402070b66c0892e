"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, useSyncExternalStore } from "react";

import { ColumnHeads } from "@/components/ui/column-heads";
import type { JoinSetting } from "@/lib/domain-policy";
import { CourseStateBadge } from "@/components/courses/course-state-badge";
import { useInvitationWrites, type WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import { InvitationRoleBadge } from "@/components/invitations/role-badge";
import { Badge } from "@/components/ui/badge";
import { RowDialogs, type OpenDialog } from "@/components/invitations-table/row-dialogs";
import { MenuButton } from "@/components/ui/menu";
import { countText } from "@/lib/format/count";
import { courseQueryOptions } from "@/lib/query/course";
import type { CourseInvitationRow, CoursePageData, CoursePerson } from "@/lib/view/course";

import { CreateInvitationForm } from "../create-form/create-form";
import { courseOptionLabel } from "../create-form/options";

/** One class in one place: who is in it, who is invited, and an invite form. */
export function CourseView({
  courseId,
  viewerEmail,
  joinSetting,
}: {
  courseId: string;
  viewerEmail: string;
  /** The school's "who can join classes" setting, for the invite form's warnings. */
  joinSetting?: JoinSetting | null;
}) {
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
        <CreateInvitationForm
          title="Invite someone"
          courses={[course]}
          defaultCourseId={course.id}
          viewer={{ email: viewerEmail, isAdmin: data.asAdmin, joinSetting }}
        />
      </section>

      <PendingInvitations data={data} courseLabel={label} />

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

function PendingInvitations({ data, courseLabel }: { data: CoursePageData; courseLabel: string }) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const writes = useInvitationWrites();
  const highlighted = useTargetRow();
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
      className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6"
    >
      <h2 id="pending-title" className="text-lg font-semibold">
        Pending invitations <span className="text-sm font-normal text-slate-500">({data.invitations.length})</span>
      </h2>
      {data.invitations.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No pending invitations for {courseLabel}.</p>
      ) : (
        <table className="mt-4 w-full table-fixed text-left text-sm">
          <caption className="sr-only">Pending invitations for {courseLabel}</caption>
          <ColumnHeads
            columns={[
              { label: "Invitee", className: "py-2 pr-3 font-medium" },
              { label: "Role", className: "w-28 py-2 pr-3 font-medium" },
              { label: <span className="sr-only">Actions</span>, className: "w-28 py-2 font-medium" },
            ]}
          />
          <tbody>
            {data.invitations.map((inv) => {
              const who = personName(inv);
              const isTarget = highlighted === `invitation-${inv.id}`;
              return (
                <tr
                  key={inv.id}
                  id={`invitation-${inv.id}`}
                  aria-current={isTarget ? "true" : undefined}
                  className={`border-b border-slate-100 ${isTarget ? "bg-amber-50 ring-2 ring-amber-300 ring-inset" : ""}`}
                >
                  <td className="py-2 pr-3">
                    <Link
                      href={`/people/${encodeURIComponent(inv.userId)}`}
                      prefetch={false}
                      className="block truncate font-medium hover:underline"
                      title={who}
                    >
                      {who}
                    </Link>
                    {inv.email && inv.name ? (
                      <span className="block truncate text-xs text-slate-600" title={inv.email}>
                        {inv.email}
                      </span>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">
                    <InvitationRoleBadge role={inv.role} />
                  </td>
                  <td className="py-2">
                    <div className="flex justify-end">
                      <MenuButton
                        label={`Actions for ${who}`}
                        disabled={Boolean(writes.busy[inv.id])}
                        items={[
                          { label: "Change role", onSelect: () => setDialog({ kind: "role", rows: [target(inv)] }) },
                          {
                            label: "Revoke",
                            danger: true,
                            onSelect: () => setDialog({ kind: "revoke", rows: [target(inv)] }),
                          },
                        ]}
                      />
                    </div>
                    {writes.notes[inv.id] ? (
                      <p role="alert" className="mt-1 text-right text-xs text-red-700">
                        {writes.notes[inv.id]}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <RowDialogs open={dialog} onClose={() => setDialog(null)} writes={writes} canInviteOwner={data.canInviteOwner} />
    </section>
  );
}

/**
 * The row a link such as "View the invitation" points at (#invitation-…). CSS :target misses
 * it: the row is drawn after the navigation by a client-side query, and a link to the page
 * already open changes the hash through the History API, which fires no hashchange. So the
 * hash is re-read after any click too, and the row is scrolled into view once it exists.
 */
function useTargetRow() {
  const hash = useSyncExternalStore(subscribeToHash, readHash, () => "");
  useEffect(() => {
    if (hash.startsWith("invitation-")) document.getElementById(hash)?.scrollIntoView({ block: "center" });
  }, [hash]);
  return hash;
}

const readHash = () => decodeURIComponent(window.location.hash.slice(1));

function subscribeToHash(onChange: () => void) {
  const later = () => setTimeout(onChange, 0);
  window.addEventListener("hashchange", onChange);
  window.addEventListener("popstate", onChange);
  document.addEventListener("click", later, true);
  return () => {
    window.removeEventListener("hashchange", onChange);
    window.removeEventListener("popstate", onChange);
    document.removeEventListener("click", later, true);
  };
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
