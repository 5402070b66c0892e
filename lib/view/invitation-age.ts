/**
 * How long an invitation has been pending: the stale filter's day counts and the exact age
 * buckets, on the list and on Insights. No React, no server code.
 */
/** The day counts the stale filter offers. */
export const STALE_DAYS = ["0", "1", "3", "7", "14", "30"] as const;

/** How the stale filter names a day count, on the list and on Insights. */
export const staleLabel = (days: string) => `More than ${days} ${days === "1" ? "day" : "days"}`;

const DAY_MS = 86_400_000;

/**
 * The exact age ranges, in days from `from` (inclusive) to `to` (exclusive): Insights' "by age"
 * bars, and the list's "Pending for" choices those bars open. The last one is the stale
 * filter's "more than 30 days", so its value is that filter's.
 */
export const AGE_BUCKETS = [
  { value: "0-1", label: "0–1 day", from: 0, to: 1 },
  { value: "1-7", label: "1–7 days", from: 1, to: 7 },
  { value: "7-30", label: "7–30 days", from: 7, to: 30 },
  { value: "30", label: "Over 30 days", from: 30, to: Number.POSITIVE_INFINITY },
] as const;

/** Every "Pending for" choice, buckets first: value and label, on the list and on Insights. */
export const AGE_OPTIONS: readonly { value: string; label: string }[] = [
  ...AGE_BUCKETS.map(({ value, label }) => ({ value, label })),
  ...STALE_DAYS.filter((d) => !AGE_BUCKETS.some((b) => b.value === d)).map((d) => ({ value: d, label: staleLabel(d) })),
];

/** The [from, to) range, in days, of an `olderThan` value; null for "any" or an unknown value. */
export function ageRange(value: string): { from: number; to: number } | null {
  const bucket = AGE_BUCKETS.find((b) => b.value === value);
  if (bucket) return { from: bucket.from, to: bucket.to };
  return (STALE_DAYS as readonly string[]).includes(value)
    ? { from: Number(value), to: Number.POSITIVE_INFINITY }
    : null;
}

/**
 * Whether an age (ms since first seen) is in a range. The first bucket also takes a negative
 * age (another instance's clock a little ahead), so the buckets cover every invitation once.
 */
export function inAgeRange(ageMs: number, range: { from: number; to: number }): boolean {
  return (range.from === 0 || ageMs >= range.from * DAY_MS) && ageMs < range.to * DAY_MS;
}
