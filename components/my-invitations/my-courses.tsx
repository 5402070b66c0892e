import { CourseCard } from "@/components/courses/course-card";
import { roleLabel, type MyCourse } from "@/lib/view/my-invitations";

/** "My courses", each with its Classroom link. `joining` classes are accepts still in flight. */
export function MyCourses({ courses, joining }: { courses: MyCourse[]; joining: MyCourse[] }) {
  const all = [
    ...joining.map((c) => ({ course: c, joining: true })),
    ...courses.map((c) => ({ course: c, joining: false })),
  ];
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
            <CourseCard
              key={course.id}
              course={course}
              busy={joining}
              note={joining ? "Joining…" : roleLabel(course.role)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
