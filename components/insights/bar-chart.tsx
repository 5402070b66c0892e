import Link from "next/link";

import type { Bar } from "@/lib/view/insights";
import { numberFormat as nf } from "@/lib/format/count";

const ROW = 28;
const LABEL_W = 220;
const BAR_W = 360;
/** A phone's drawing: about as wide as a phone's card, a label line and a bar per row. */
const NARROW_W = 320;
const NARROW_ROW = 40;
const LABEL_CHARS = 32;
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
  return (
    <figure aria-labelledby={`${id}-title`} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      {bars.every((b) => b.count === 0) ? (
        <p className="text-sm text-slate-600">{emptyText}</p>
      ) : (
        // For the eye and the mouse; screen readers and the keyboard get the same bars, numbers
        // and links once, in the table below, rather than twice. A phone gets its own drawing,
        // each label above its bar, which keeps the text readable at a phone's width.
        <>
          <BarsSvg bars={bars} unit={unit} max={max} layout="wide" className="hidden w-full max-w-3xl sm:block" />
          <BarsSvg bars={bars} unit={unit} max={max} layout="narrow" className="w-full sm:hidden" />
        </>
      )}
      {/* No bars at all: the sentence above says so, and an empty table would only repeat it. */}
      {bars.length === 0 ? null : (
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
      )}
    </figure>
  );
}

/**
 * The bars as SVG. Wide: the label left of its bar, a row each. Narrow (a phone): the label on
 * its own line above a bar that can use the whole width, drawn at about the size it is shown.
 */
function BarsSvg({
  bars,
  unit,
  max,
  layout,
  className,
}: {
  bars: readonly Bar[];
  unit: string;
  max: number;
  layout: "wide" | "narrow";
  className: string;
}) {
  const narrow = layout === "narrow";
  const values = bars.map((b) => b.valueText ?? nf.format(b.count));
  const room = valueRoom(values);
  const row = narrow ? NARROW_ROW : ROW;
  const barX = narrow ? 0 : LABEL_W;
  const barMax = narrow ? NARROW_W - room : BAR_W;
  const height = Math.max(1, bars.length) * row + 8;
  const width = narrow ? NARROW_W : LABEL_W + BAR_W + room;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={className} aria-hidden="true">
      {bars.map((b, i) => {
        const w = Math.round((b.count / max) * barMax);
        const y = i * row + 4;
        // The bar's top: below its label on a phone, level with it otherwise.
        const top = narrow ? y + 20 : y;
        const label = b.label.length > LABEL_CHARS ? `${b.label.slice(0, LABEL_CHARS - 1)}…` : b.label;
        return (
          <a key={b.key} href={b.href} tabIndex={-1}>
            <title>{`${b.label}: ${b.valueText ?? `${nf.format(b.count)} ${unit}`}`}</title>
            <text
              x={narrow ? 0 : LABEL_W - 8}
              y={narrow ? y + 13 : y + 17}
              textAnchor={narrow ? "start" : "end"}
              className="fill-slate-700 text-[12px]"
            >
              {label}
            </text>
            <rect
              x={barX}
              y={top}
              width={Math.max(w, b.count > 0 ? 2 : 0)}
              height={narrow ? 14 : ROW - 8}
              rx={3}
              className="fill-brand-600 hover:fill-brand-700"
            />
            <text x={barX + w + 6} y={narrow ? top + 12 : y + 17} className="fill-slate-800 text-[12px] tabular-nums">
              {values[i]}
            </text>
          </a>
        );
      })}
    </svg>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
