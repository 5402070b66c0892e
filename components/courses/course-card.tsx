import Link from "next/link";

import type { Course } from "@/lib/loaders/home";

import { CourseStateBadge } from "./course-state-badge";

type CardCourse = Pick<Course, "id" | "name" | "section" | "state" | "link">;

/**
 * One class as a card. `manageable`: the viewer teaches it or is an admin, so link its
 * invitations page. `note` sits bottom-left (e.g. the viewer's role); `busy` dims the card
 * while an accept is still in flight, and hides the Classroom link until it has landed.
 */
export function CourseCard({
  course,
  manageable = false,
  note,
  busy = false,
}: {
  course: CardCourse;
  manageable?: boolean;
  note?: React.ReactNode;
  busy?: boolean;
}) {
  return (
    <li
      data-course-id={course.id}
      aria-busy={busy || undefined}
      className={`flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 ${busy ? "opacity-70" : ""}`}
    >
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
        {note ? <span className="mr-auto text-slate-600">{note}</span> : null}
        {manageable ? (
          <Link
            href={`/courses/${encodeURIComponent(course.id)}`}
            className="font-medium text-brand-700 hover:underline"
          >
            Invitations &amp; roster<span className="sr-only"> ({course.name})</span>
          </Link>
        ) : null}
        {course.link && !busy ? (
          <a
            href={course.link}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium text-brand-700 hover:underline"
          >
            Open in Classroom<span className="sr-only"> ({course.name}, opens in a new tab)</span>
          </a>
        ) : null}
      </div>
    </li>
  );
}
