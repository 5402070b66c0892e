import { isEmulated } from "@/lib/env";

/** Always visible when the app is not talking to Google, so nobody mistakes the demo school for real data. */
export function DemoBadge() {
  if (!isEmulated()) return null;
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full bg-amber-100 px-2.5 py-1 text-xs font-semibold text-amber-900 ring-1 ring-amber-300"
      title="This dashboard is connected to the bundled Classroom emulator, not to Google."
    >
      <span aria-hidden className="size-1.5 rounded-full bg-amber-500" />
      Demo<span className="hidden sm:inline"> — local emulator</span>
    </span>
  );
}
