import Link from "next/link";

import { Button } from "@/components/ui/button";

import type { AddressNote } from "../address-box";

/** One address's error is the field's own; the list is for warnings and for several addresses. */
export function AddressNotes({ notes, many }: { notes: readonly (readonly [string, AddressNote])[]; many: boolean }) {
  if (!notes.some(([, n]) => n && (many || n.tone === "warning"))) return null;
  return (
    <ul className="space-y-1 text-sm" aria-label="Addresses that need a look" data-testid="address-notes">
      {notes.map(([a, n]) =>
        n ? (
          <li key={a} className={n.tone === "error" ? "text-red-700" : "text-amber-900"}>
            <span className="font-medium">{a}</span>: {n.text}
          </li>
        ) : null,
      )}
    </ul>
  );
}

/**
 * The "send anyway" step for addresses the class's domain settings will likely refuse: focused
 * when a send stops at it, so the reason is read before anything goes out.
 */
export function OutsideWarning({ id, count, onAcknowledge }: { id: string; count: number; onAcknowledge: () => void }) {
  return (
    <div
      id={id}
      tabIndex={-1}
      role="alert"
      className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <p className="font-semibold">
        Classroom is likely to refuse {count === 1 ? "1 address" : `${count} addresses`} under the class&apos;s domain
        settings
      </p>
      <p className="mt-1">
        Sending still uses a place in your daily invitation limit.{" "}
        <Link href="/help#domains" className="font-medium text-brand-700 underline">
          How domain settings work
        </Link>
      </p>
      <Button className="mt-3" size="sm" variant="secondary" onClick={onAcknowledge}>
        Send to {count === 1 ? "it" : "them"} anyway
      </Button>
    </div>
  );
}
