"use client";

import { Button } from "@/components/ui/button";

/** Keeps the navigation alive; the message is generic and the digest lets support find the server log. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">Something went wrong loading this page</h1>
      <p className="mt-2 text-sm text-slate-600">
        Google Classroom may be slow or unavailable. Try again in a moment; if it keeps happening, give your
        administrator this reference: <code className="font-mono">{error.digest ?? "n/a"}</code>
      </p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
