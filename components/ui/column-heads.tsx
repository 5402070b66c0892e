import type { ReactNode } from "react";

/** A column: its heading, and classes of its own (a width, other padding) where it needs them. */
export type Column = string | { label: ReactNode; className?: string };

const LOOKS = {
  /** A plain list inside a card: a rule under the headings. */
  ruled: { head: "border-b border-slate-200 text-slate-600", cell: "py-2 pr-4 font-medium" },
  /** A table that is the card: a tinted band of small capitals. */
  banded: { head: "bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase", cell: "px-3 py-2" },
} as const;

/** A table's `<thead>`: one `th scope="col"` per column, in one of the app's two looks. */
export function ColumnHeads({ columns, look = "ruled" }: { columns: readonly Column[]; look?: keyof typeof LOOKS }) {
  return (
    <thead className={LOOKS[look].head}>
      <tr>
        {columns.map((column, i) => {
          const { label, className } = typeof column === "string" ? { label: column, className: undefined } : column;
          return (
            <th key={i} scope="col" className={className ?? LOOKS[look].cell}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
