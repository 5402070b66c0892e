import { CourseStateBadge } from "@/components/courses/course-card";
import { roleLabel, type MyCourse } from "@/lib/query/my-invitations-options";

/** "My courses", each with its Classroom link. `joining` classes are accepts still in flight. */
export function MyCourses({ courses, joining }: { courses: MyCourse[]; joining: MyCourse[] }) {
  const all = [...joining.map((c) => ({ course: c, joining: true })), ...courses.map((c) => ({ course: c, joining: false }))];
  return (
    <section aria-labelledby="my-courses">
      <h2 id="my-courses" className="text-lg font-semibold">
        My courses <span className="text-sm font-normal text-slate-500">({courses.length})</span>
      </h2>
      {all.length === 0 ? (
        <p className="mt-3 rounded-2xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          You&apos;re not in any class yet. Classes you accept appear here, with a link to open them in Classroom.
        </p>
      ) : (
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {all.map(({ course, joining }) => (
            <li
              key={course.id}
              data-course-id={course.id}
              aria-busy={joining}
              className={`flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 ${joining ? "opacity-70" : ""}`}
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
              <div className="mt-4 flex items-center justify-between gap-3 text-sm">
                <span className="text-slate-600">{joining ? "Joining…" : roleLabel(course.role)}</span>
                {course.link && !joining ? (
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
          ))}
        </ul>
      )}
    </section>
  );
}
