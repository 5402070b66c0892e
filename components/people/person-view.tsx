"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { CourseStateBadge } from "@/components/courses/course-state-badge";
import { RowDialogs, type OpenDialog } from "@/components/invitations-table/row-dialogs";
import { MenuButton } from "@/components/ui/menu";
import { InvitationRoleBadge } from "@/components/invitations/role-badge";
import { useInvitationWrites, type WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import type { InvitationRole } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import type { PersonPageData } from "@/lib/view/person";

type InvitationRow = PersonPageData["invitations"][number];

const courseLabel = (c: { courseName: string; section?: string }) =>
  c.section ? `${c.courseName} (${c.section})` : c.courseName;

/** One person: their pending invitations (revoke, change role) and their places, in the viewer's classes. */
export function PersonView({ data, scope }: { data: PersonPageData; scope: "admin" | "teacher" }) {
  const router = useRouter();
  const writes = useInvitationWrites();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const { person } = data;
  const target = (inv: InvitationRow): WriteTarget => ({
    id: inv.id,
    courseId: inv.courseId,
    userId: person.id,
    role: inv.role,
    who: person.name,
    courseName: courseLabel(inv),
  });
  // The page is read on the server: after a write, read it again.
  const refreshing = {
    revoke: (rows: WriteTarget[]) => writes.revoke(rows).then(() => router.refresh()),
    changeRole: (rows: WriteTarget[], toRole: InvitationRole) =>
      writes.changeRole(rows, toRole).then(() => router.refresh()),
  };
  const dialogRow = dialog?.kind === "role" ? data.invitations.find((i) => i.id === dialog.rows[0]?.id) : undefined;
  const where = scope === "admin" ? "in your domain's classes" : "in the classes you teach";

  return (
    <div className="space-y-6">
      <header className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">{person.name}</h1>
        {person.email ? <p className="text-sm text-slate-600">{person.email}</p> : null}
        <p className="mt-2 text-sm text-slate-600">
          {countText(data.invitations.length, "pending invitation")} and{" "}
          {countText(data.memberships.length, "class", "classes")} {where}.
        </p>
      </header>

      <section
        aria-labelledby="person-invitations"
        className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="person-invitations" className="text-lg font-semibold">
          Pending invitations
        </h2>
        {data.invitations.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">
            No pending invitations {where}.{" "}
            <Link href="/help#roles" className="text-brand-700 underline">
              How invitations work
            </Link>
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100">
            {data.invitations.map((inv) => (
              <PendingRow
                key={inv.id}
                inv={inv}
                busy={Boolean(writes.busy[inv.id])}
                note={writes.notes[inv.id]}
                onChangeRole={() => setDialog({ kind: "role", rows: [target(inv)] })}
                onRevoke={() => setDialog({ kind: "revoke", rows: [target(inv)] })}
              />
            ))}
          </ul>
        )}
        <RowDialogs
          open={dialog}
          onClose={() => setDialog(null)}
          writes={refreshing}
          canInviteOwner={dialogRow?.canInviteOwner ?? false}
        />
      </section>

      <section aria-labelledby="person-classes" className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="person-classes" className="text-lg font-semibold">
          Classes
        </h2>
        {data.memberships.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">Not a member of any class {where}.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100">
            {data.memberships.map((m) => (
              <li
                key={`${m.courseId}-${m.role}`}
                className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
              >
                <Link
                  href={`/courses/${encodeURIComponent(m.courseId)}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {courseLabel(m)}
                </Link>
                <span className="flex items-center gap-2">
                  <InvitationRoleBadge role={m.role} />
                  <CourseStateBadge state={m.state} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function PendingRow(props: {
  inv: InvitationRow;
  busy: boolean;
  note?: string;
  onChangeRole: () => void;
  onRevoke: () => void;
}) {
  const { inv } = props;
  const label = courseLabel(inv);
  return (
    <li
      id={`invitation-${inv.id}`}
      className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
      data-testid="person-invitation"
    >
      <span className="flex flex-wrap items-center gap-2">
        <Link
          href={`/courses/${encodeURIComponent(inv.courseId)}`}
          className="font-medium text-brand-700 hover:underline"
        >
          {label}
        </Link>
        <InvitationRoleBadge role={inv.role} />
      </span>
      <MenuButton
        label={`Actions for the invitation to ${label}`}
        disabled={props.busy}
        items={[
          { label: "Change role", onSelect: props.onChangeRole },
          { label: "Revoke", danger: true, onSelect: props.onRevoke },
        ]}
      />
      {props.note ? (
        <p role="alert" className="w-full text-right text-xs text-red-700">
          {props.note}
        </p>
      ) : null}
    </li>
  );
}
