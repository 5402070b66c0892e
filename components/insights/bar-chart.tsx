import Link from "next/link";

import type { Bar } from "@/lib/view/insights";
import { numberFormat as nf } from "@/lib/format/count";

const ROW = 28;
const LABEL_W = 220;
const BAR_W = 360;
/** Room right of the longest bar for its number: ~7 units a character at 12px. */
const valueRoom = (texts: readonly string[]) => Math.max(60, ...texts.map((t) => t.length * 7 + 12));

/**
 * A horizontal bar chart drawn on the server as SVG: no chart library and no JavaScript, so the
 * page costs the browser nothing and /invitations none of it (README, "Choices"). Each bar is a
 * link to the matching filtered list; the table beside it is the text alternative, with the
 * same numbers and links, and is what assistive technology and the keyboard use.
 */
export function BarChart({
  id,
  title,
  bars,
  unit = "pending",
  groupLabel,
  valueLabel = "Pending",
  emptyText = "No pending invitations.",
  detailLabel,
}: {
  id: string;
  title: string;
  bars: readonly Bar[];
  unit?: string;
  /** The table's first column; by default the word after "by" in the title. */
  groupLabel?: string;
  valueLabel?: string;
  emptyText?: string;
  /** Header of a third table column holding each bar's `detail`. */
  detailLabel?: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const height = Math.max(1, bars.length) * ROW + 8;
  const width = LABEL_W + BAR_W + valueRoom(bars.map((b) => b.valueText ?? nf.format(b.count)));
  return (
    <figure aria-labelledby={`${id}-title`} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      {bars.every((b) => b.count === 0) ? (
        <p className="text-sm text-slate-600">{emptyText}</p>
      ) : (
        // For the eye and the mouse; screen readers and the keyboard get the same bars, numbers
        // and links once, in the table below, rather than twice.
        <svg viewBox={`0 0 ${width} ${height}`} className="w-full max-w-3xl" aria-hidden="true">
          {bars.map((b, i) => {
            const w = Math.round((b.count / max) * BAR_W);
            const y = i * ROW + 4;
            return (
              <a key={b.key} href={b.href} tabIndex={-1}>
                <title>{`${b.label}: ${b.valueText ?? `${nf.format(b.count)} ${unit}`}`}</title>
                <text x={LABEL_W - 8} y={y + 17} textAnchor="end" className="fill-slate-700 text-[12px]">
                  {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
                </text>
                <rect
                  x={LABEL_W}
                  y={y}
                  width={Math.max(w, b.count > 0 ? 2 : 0)}
                  height={ROW - 8}
                  rx={3}
                  className="fill-brand-600 hover:fill-brand-700"
                />
                <text x={LABEL_W + w + 6} y={y + 17} className="fill-slate-800 text-[12px] tabular-nums">
                  {b.valueText ?? nf.format(b.count)}
                </text>
              </a>
            );
          })}
        </svg>
      )}
      <table id={`${id}-table`} className="text-sm" data-testid={`${id}-table`}>
        <caption className="sr-only">{`${title}, as a table`}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="pr-6 text-left font-medium">
              {groupLabel ?? (title.split(" by ")[1] ? capitalize(title.split(" by ")[1]!) : "Group")}
            </th>
            <th scope="col" className="text-right font-medium">
              {valueLabel}
            </th>
            {detailLabel ? (
              <th scope="col" className="pl-6 text-right font-medium">
                {detailLabel}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.key}>
              <th scope="row" className="pr-6 text-left font-normal">
                <Link href={b.href} className="text-brand-700 underline hover:no-underline">
                  {b.label}
                </Link>
              </th>
              <td className="text-right tabular-nums">{b.valueText ?? nf.format(b.count)}</td>
              {detailLabel ? <td className="pl-6 text-right tabular-nums">{b.detail}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
