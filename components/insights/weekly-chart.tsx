import type { WeekCount } from "@/lib/view/invitation-lifecycle";
import { numberFormat as nf } from "@/lib/format/count";

const GROUP_W = 52;
const BAR_W = 18;
const PLOT_H = 140;
const TOP = 16;
const LABEL_H = 22;

const day = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
/** "Nov 3": the Monday a week starts on. */
const weekLabel = (start: string) => day.format(new Date(`${start}T00:00:00Z`));

const SERIES = [
  { key: "invited", label: "Invited", fill: "fill-slate-400", swatch: "bg-slate-400" },
  { key: "accepted", label: "Accepted", fill: "fill-brand-600", swatch: "bg-brand-600" },
] as const;

/**
 * Invited vs accepted per week, two bars a week, drawn on the server as SVG like BarChart (no
 * chart library, no JavaScript). Accepted invitations are no longer on any list, so the bars
 * link nowhere; the table below is the text alternative, with the same numbers.
 */
export function WeeklyChart({ id, title, weeks }: { id: string; title: string; weeks: readonly WeekCount[] }) {
  const max = Math.max(1, ...weeks.flatMap((w) => [w.invited, w.accepted]));
  const width = weeks.length * GROUP_W;
  const height = TOP + PLOT_H + LABEL_H;
  return (
    <figure aria-labelledby={`${id}-title`} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <figcaption id={`${id}-title`} className="text-base font-semibold">
        {title}
      </figcaption>
      {weeks.every((w) => w.invited === 0 && w.accepted === 0) ? (
        <p className="text-sm text-slate-600">No invitations seen or accepted in these weeks.</p>
      ) : (
        <>
          <ul className="flex gap-4 text-sm text-slate-700" aria-hidden="true">
            {SERIES.map((s) => (
              <li key={s.key} className="flex items-center gap-1.5">
                <span className={`inline-block size-3 rounded-sm ${s.swatch}`} />
                {s.label}
              </li>
            ))}
          </ul>
          {/* For the eye; the table below carries the same numbers for everyone else. A phone
              draws it at half size: there the bars drop their numbers, which the table has, and
              every other week's date, and the dates are drawn twice as large (the first one reaching
              into the card's padding). */}
          <svg viewBox={`0 0 ${width} ${height}`} className="w-full max-w-3xl overflow-visible" aria-hidden="true">
            {weeks.map((w, i) => {
              const x = i * GROUP_W + (GROUP_W - 2 * BAR_W - 2) / 2;
              return (
                <g key={w.start}>
                  {SERIES.map((s, k) => {
                    const value = w[s.key];
                    const h = Math.round((value / max) * PLOT_H);
                    const bx = x + k * (BAR_W + 2);
                    return (
                      <g key={s.key}>
                        <title>{`Week of ${weekLabel(w.start)}: ${nf.format(value)} ${s.label.toLowerCase()}`}</title>
                        <rect
                          x={bx}
                          y={TOP + PLOT_H - Math.max(h, value > 0 ? 2 : 0)}
                          width={BAR_W}
                          height={Math.max(h, value > 0 ? 2 : 0)}
                          rx={2}
                          className={s.fill}
                        />
                        {value > 0 ? (
                          <text
                            x={bx + BAR_W / 2}
                            y={TOP + PLOT_H - Math.max(h, 2) - 3}
                            textAnchor="middle"
                            className="fill-slate-800 text-[10px] tabular-nums max-sm:hidden"
                          >
                            {nf.format(value)}
                          </text>
                        ) : null}
                      </g>
                    );
                  })}
                  <text
                    x={i * GROUP_W + GROUP_W / 2}
                    y={TOP + PLOT_H + 15}
                    textAnchor="middle"
                    className={`fill-slate-700 text-[10px] max-sm:text-[18px] ${i % 2 ? "max-sm:hidden" : ""}`}
                  >
                    {weekLabel(w.start)}
                  </text>
                </g>
              );
            })}
          </svg>
        </>
      )}
      <table className="text-sm" data-testid={`${id}-table`}>
        <caption className="sr-only">{`${title}, as a table`}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="pr-6 text-left font-medium">
              Week of
            </th>
            {SERIES.map((s) => (
              <th key={s.key} scope="col" className="pl-6 text-right font-medium">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.start}>
              <th scope="row" className="pr-6 text-left font-normal">
                <time dateTime={w.start}>{weekLabel(w.start)}</time>
              </th>
              <td className="pl-6 text-right tabular-nums">{nf.format(w.invited)}</td>
              <td className="pl-6 text-right tabular-nums">{nf.format(w.accepted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
