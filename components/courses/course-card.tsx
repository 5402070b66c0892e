import Link from "next/link";

import type { Course } from "@/lib/query/home";

import { Badge, type BadgeTone } from "../ui/badge";

const STATE_TONE: Record<string, BadgeTone> = {
  ACTIVE: "green",
  ARCHIVED: "neutral",
  PROVISIONED: "amber",
  DECLINED: "red",
  SUSPENDED: "red",
};

export function CourseStateBadge({ state }: { state: string }) {
  const label = state.charAt(0) + state.slice(1).toLowerCase();
  return <Badge tone={STATE_TONE[state] ?? "neutral"}>{label}</Badge>;
}

/** `manageable`: the viewer teaches the class or is an admin, so link its invitations page. */
export function CourseCard({ course, manageable = false }: { course: Course; manageable?: boolean }) {
  return (
    <li className="flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="truncate font-semibold text-slate-900" title={course.name}>
            {course.name}
          </h3>
          {course.section ? <p className="truncate text-sm text-slate-600">{course.section}</p> : null}
        </div>
        <CourseStateBadge state={course.state} />
      </div>
      <div className="mt-4 flex items-center justify-end gap-4 text-sm">
        {manageable ? (
          <Link href={`/courses/${encodeURIComponent(course.id)}`} className="font-medium text-brand-700 hover:underline">
            Invitations &amp; roster<span className="sr-only"> ({course.name})</span>
          </Link>
        ) : null}
        {course.link ? (
          <a
            href={course.link}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-brand-700 hover:underline"
          >
            Open in Classroom<span className="sr-only"> ({course.name})</span>
          </a>
        ) : null}
      </div>
    </li>
  );
}
