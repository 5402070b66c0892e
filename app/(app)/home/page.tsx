import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { CourseCard } from "@/components/courses/course-card";
import { courseStateLabel } from "@/lib/view/course-state";
import { RoleBadge } from "@/components/layout/role-badge";
import { buttonClasses } from "@/components/ui/button";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getHomeData, type Course } from "@/lib/loaders/home";

import { PendingAtAGlance, PendingAtAGlanceSkeleton } from "./pending-at-a-glance";
import { numberFormat as nf } from "@/lib/format/count";

export const metadata: Metadata = { title: "Home" };

const INTRO = {
  admin: "You are a domain admin: you can manage invitations in every class of the domain.",
  teacher: "You can manage invitations to the classes you teach.",
  student: "Accept invitations to join your classes.",
} as const;

export default async function HomePage() {
  const user = await requireUser();
  const { teaching, enrolled, domainCourses } = await getHomeData(user);
  const initials = user.name
    .split(/\s+/)
    .map((p) => p[0])
    .slice(0, 2)
    .join("")
    .toUpperCase();

  return (
    <div className="space-y-10">
      <section
        aria-labelledby="me"
        className="flex flex-wrap items-center gap-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <span
          aria-hidden
          className="grid size-14 place-items-center rounded-full bg-brand-100 text-lg font-semibold text-brand-800"
        >
          {initials}
        </span>
        {/* min-w-48: on a phone the role and button wrap below instead of squeezing the text. */}
        <div className="min-w-48 flex-1">
          <h1 id="me" className="text-xl font-semibold">
            {user.name}
          </h1>
          <p className="text-sm text-slate-600">{user.email}</p>
          <p className="mt-1 text-sm text-slate-600">{INTRO[user.role]}</p>
        </div>
        <div className="flex flex-col items-end gap-3">
          <RoleBadge role={user.role} />
          {user.role === "student" ? (
            <Link href="/my-invitations" className={buttonClasses("primary", "sm")}>
              My invitations
            </Link>
          ) : (
            <Link href="/invitations" className={buttonClasses("primary", "sm")}>
              Manage invitations
            </Link>
          )}
        </div>
      </section>

      {canManageInvitations(user.role) ? (
        <section aria-labelledby="pending-glance" className="space-y-3">
          <h2 id="pending-glance" className="text-lg font-semibold">
            Pending invitations
          </h2>
          <Suspense fallback={<PendingAtAGlanceSkeleton />}>
            <PendingAtAGlance user={user} />
          </Suspense>
        </section>
      ) : null}

      {domainCourses ? <DomainOverview courses={domainCourses} /> : null}

      <CourseSection
        id="teaching"
        title="Classes I teach"
        courses={teaching}
        manageable
        empty="You don't teach any classes."
        hideWhenEmpty={user.role !== "teacher"}
      />
      <CourseSection
        id="enrolled"
        title="My classes"
        courses={enrolled}
        empty="You are not enrolled in any class yet. Pending invitations are under My invitations."
        hideWhenEmpty={user.role !== "student"}
      />
    </div>
  );
}

function CourseSection(props: {
  id: string;
  title: string;
  courses: Course[];
  manageable?: boolean;
  empty: string;
  hideWhenEmpty: boolean;
}) {
  if (props.hideWhenEmpty && props.courses.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id} className="text-lg font-semibold">
        {props.title} <span className="text-sm font-normal text-slate-500">({props.courses.length})</span>
      </h2>
      {props.courses.length === 0 ? (
        <p className="mt-3 rounded-2xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          {props.empty}
        </p>
      ) : (
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {props.courses.map((c) => (
            <CourseCard key={c.id} course={c} manageable={props.manageable} />
          ))}
        </ul>
      )}
    </section>
  );
}

const STATES = ["ACTIVE", "PROVISIONED", "ARCHIVED", "DECLINED", "SUSPENDED"] as const;

function DomainOverview({ courses }: { courses: Course[] }) {
  const byState = new Map<string, number>();
  for (const c of courses) byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
  const newest = courses.slice(0, 6);
  return (
    <section aria-labelledby="domain" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="domain" className="text-lg font-semibold">
          Domain
        </h2>
        <p className="text-sm text-slate-600">{nf.format(courses.length)} classes in the domain</p>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {STATES.map((state) => (
          <div key={state} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{courseStateLabel(state)}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{nf.format(byState.get(state) ?? 0)}</dd>
          </div>
        ))}
      </dl>
      {newest.length > 0 ? (
        <>
          <h3 className="pt-2 text-sm font-semibold text-slate-700">Newest classes</h3>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {newest.map((c) => (
              <CourseCard key={c.id} course={c} manageable />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
