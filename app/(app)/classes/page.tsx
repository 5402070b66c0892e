import type { Metadata } from "next";
import Link from "next/link";

import { CourseStateBadge } from "@/components/courses/course-state-badge";
import { NoticeCard } from "@/components/layout/notice-card";
import { buttonClasses } from "@/components/ui/button";
import { requireRecheckedUser, requireToken } from "@/lib/auth/session";
import { countText } from "@/lib/format/count";
import { loadClasses } from "@/lib/loaders/classes";
import { CLASS_STATES, parseClassesSearch, toClassesSearchParams, type ClassesSearch } from "@/lib/view/classes";
import { courseStateLabel } from "@/lib/view/course-state";

export const metadata: Metadata = { title: "Classes" };

const controlClass = "mt-1 h-9 w-full rounded-lg border border-slate-300 bg-white px-2 text-sm";
const labelClass = "block text-xs font-medium text-slate-700";

/**
 * Every class of the domain, for administrators: state, owner, members and pending invitations,
 * filtered by state and text, a page at a time. The filters are a plain GET form, so the URL
 * is the state and the page works before any script loads.
 */
export default async function ClassesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The domain-wide view trusts only a recent admin role.
  const user = await requireRecheckedUser();
  if (user.role !== "admin") {
    return (
      <NoticeCard title="The class list is for administrators">
        <p className="mt-2 text-sm text-slate-600">
          Your own classes are on{" "}
          <Link href="/home" className="text-brand-700 underline">
            Home
          </Link>
          .
        </p>
      </NoticeCard>
    );
  }
  const raw = await searchParams;
  const search = parseClassesSearch({ get: (k) => (typeof raw[k] === "string" ? (raw[k] as string) : null) });
  const data = await loadClasses(user, await requireToken(user), search);
  const all = Object.values(data.byState).reduce((a, b) => a + b, 0);
  const href = (patch: Partial<ClassesSearch>) => {
    const qs = toClassesSearchParams({ ...search, ...patch }).toString();
    return qs ? `/classes?${qs}` : "/classes";
  };

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Classes</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every class of your domain: {countText(all, "class")}. Counts are read from Classroom for the classes shown.
        </p>
      </div>

      <form
        method="get"
        role="search"
        aria-label="Filter classes"
        className="grid items-end gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto]"
      >
        <div>
          <label htmlFor="classes-q" className={labelClass}>
            Search
          </label>
          <input
            id="classes-q"
            name="q"
            type="search"
            defaultValue={search.q ?? ""}
            placeholder="Class name, section or id"
            className={controlClass}
          />
        </div>
        <div>
          <label htmlFor="classes-state" className={labelClass}>
            State
          </label>
          <select id="classes-state" name="state" defaultValue={search.state ?? ""} className={controlClass}>
            <option value="">Any state ({all})</option>
            {CLASS_STATES.map((s) => (
              <option key={s} value={s}>
                {courseStateLabel(s)} ({data.byState[s] ?? 0})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClasses("secondary", "sm")}>
          Apply filters
        </button>
      </form>

      <p className="text-sm text-slate-700" aria-live="polite">
        <span className="font-semibold text-slate-900" data-testid="classes-count">
          {countText(data.total, "class")}
        </span>
        {data.pageCount > 1 ? `, page ${data.page} of ${data.pageCount}` : null}
      </p>

      {data.rows.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          {search.q || search.state ? "No class matches these filters." : "Your domain has no classes yet."}{" "}
          <Link href="/help" className="text-brand-700 underline">
            How invitations work
          </Link>
        </p>
      ) : (
        <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Classes, by name</caption>
            <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Class
                </th>
                <th scope="col" className="px-3 py-2">
                  State
                </th>
                <th scope="col" className="px-3 py-2">
                  Owner
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Teachers
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Students
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Pending
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.rows.map((c) => (
                <tr key={c.id} data-testid="class-row">
                  <th scope="row" className="max-w-72 px-3 py-2 font-normal">
                    <Link
                      href={`/courses/${encodeURIComponent(c.id)}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {c.name}
                    </Link>
                    {c.section ? <span className="block text-xs text-slate-600">{c.section}</span> : null}
                  </th>
                  <td className="px-3 py-2">
                    <CourseStateBadge state={c.state} />
                  </td>
                  <td className="max-w-64 truncate px-3 py-2">
                    {c.owner.id ? (
                      <Link
                        href={`/people/${encodeURIComponent(c.owner.id)}`}
                        className="text-brand-700 hover:underline"
                      >
                        {c.owner.name ?? c.owner.id}
                      </Link>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                    {c.owner.email ? <span className="block text-xs text-slate-600">{c.owner.email}</span> : null}
                  </td>
                  <Count value={c.teachers} />
                  <Count value={c.students} />
                  <td className="px-3 py-2 text-right tabular-nums">
                    {c.pending === null ? (
                      <Unknown />
                    ) : c.pending > 0 ? (
                      <Link
                        href={`/courses/${encodeURIComponent(c.id)}#pending-invitations`}
                        className="text-brand-700 hover:underline"
                        aria-label={`${countText(c.pending, "pending invitation")} in ${c.name}`}
                      >
                        {c.pending}
                      </Link>
                    ) : (
                      "0"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {data.pageCount > 1 ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center gap-3">
          {data.page > 1 ? (
            <Link href={href({ page: data.page - 1 })} className={buttonClasses("secondary", "sm")}>
              Previous page
            </Link>
          ) : null}
          {data.page < data.pageCount ? (
            <Link href={href({ page: data.page + 1 })} className={buttonClasses("secondary", "sm")}>
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

function Count({ value }: { value: number | null }) {
  return <td className="px-3 py-2 text-right tabular-nums">{value === null ? <Unknown /> : value}</td>;
}

function Unknown() {
  return (
    <span className="text-slate-600" title="Classroom did not answer for this class; reload to try again.">
      ?<span className="sr-only"> (not available)</span>
    </span>
  );
}
