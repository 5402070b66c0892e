"use client";

import Link from "next/link";

import { Button, buttonClasses } from "@/components/ui/button";

/** The header stays (it is in the layout); this replaces only the list. */
export default function ActivityError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">The activity log could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600">
        The database or Google Classroom may be unavailable. Try again in a moment; if it keeps happening, give your
        administrator this reference: <code className="font-mono">{error.digest ?? "n/a"}</code>
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <Link href="/home" className={buttonClasses("secondary")}>
          Home
        </Link>
      </div>
    </div>
  );
}
