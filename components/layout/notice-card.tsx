/**
 * A centred card that stands in for a page: "not allowed" answers and error boundaries.
 * `role="alert"` where it replaces what the user asked for because something went wrong.
 */
export function NoticeCard({ title, role, children }: { title: string; role?: "alert"; children?: React.ReactNode }) {
  return (
    <div role={role} className="mx-auto max-w-lg rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">{title}</h1>
      {children}
    </div>
  );
}
