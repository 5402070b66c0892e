"use client";

import Link from "next/link";

import { Button, buttonClasses } from "@/components/ui/button";

/** Keeps the navigation alive; the digest lets support find the server log. */
export default function CourseError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">This class couldn&apos;t be loaded</h1>
      <p className="mt-2 text-sm text-slate-600">
        Google Classroom may be slow or unavailable. Try again in a moment; if it keeps happening, give your administrator
        this reference: <code className="font-mono">{error.digest ?? "n/a"}</code>
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <Link href="/home" className={buttonClasses("secondary")}>
          Back to home
        </Link>
      </div>
    </div>
  );
}
