// Times as the UI shows them: "3 minutes ago" beside the exact moment on hover. Intl only, so
// it costs the browser bundle nothing; shared by the invitations table and the
// activity log.

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** Closer than this, either way, reads "just now": a few seconds of clock skew is not news. */
const JUST_NOW_SECONDS = 10;

/** "3 minutes ago" (or "in 5 minutes" for a clock ahead of ours), in the largest whole unit. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < JUST_NOW_SECONDS) return "just now";
  const [unit, size] = UNITS.find(([, size]) => abs >= size) ?? ["second", 1];
  return relative.format(Math.round(seconds / size), unit);
}

const exact = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium" });

/** "Nov 23, 2026, 7:58:00 PM", in the viewer's time zone. */
export function exactTime(iso: string): string {
  return exact.format(new Date(iso));
}

const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** A length of time as Insights states it: "under an hour", "5 hours", "2.5 days". */
export function durationText(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return "under an hour";
  if (hours < 48) return `${Math.round(hours)} ${Math.round(hours) === 1 ? "hour" : "hours"}`;
  return `${oneDecimal.format(hours / 24)} days`;
}
