/**
 * A label, its control (children), and, when `errorId` is given, a live error line.
 */
export function Field({
  id,
  label,
  errorId,
  error,
  children,
}: {
  id: string;
  label: string;
  errorId?: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {/* Empty, the error line takes no room (no gap under every field); it stays in the page,
          so what appears in it is announced. */}
      {errorId ? (
        <p id={errorId} aria-live="polite" className="mt-1 text-sm text-red-700 empty:mt-0">
          {error ?? ""}
        </p>
      ) : null}
    </div>
  );
}
