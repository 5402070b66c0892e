"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition } from "react";

import { Button, buttonClasses } from "@/components/ui/button";
import { fromPageErrorDigest } from "@/lib/view/page-error";

import { NoticeCard } from "./notice-card";

export type RouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/**
 * What every segment's error.tsx shows. Below the (app) layout it renders inside it, so the
 * navigation stays usable. A typed failure (lib/view/page-error.ts) says what happened in our own
 * words; anything else gets the segment's generic hint (details stay in the server log). Either
 * way the reference lets support find the log entry.
 */
export function RouteError({ error, reset, title, hint }: RouteErrorProps & { title: string; hint?: string }) {
  const router = useRouter();
  // The failure usually came from the server render: re-run it, not just the client boundary.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  const typed = fromPageErrorDigest(error.digest);
  return (
    <NoticeCard role="alert" title={title}>
      {typed ? (
        <p className="mt-2 text-sm text-slate-600" data-error-code={typed.code}>
          {typed.message} If it keeps happening, give your administrator this reference:{" "}
          <code className="font-mono">{typed.reference}</code>
        </p>
      ) : (
        <p className="mt-2 text-sm text-slate-600">
          {hint ?? "Google Classroom may be slow or unavailable."} Try again in a moment; if it keeps happening, give
          your administrator this reference: <code className="font-mono">{error.digest ?? "n/a"}</code>
        </p>
      )}
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={retry}>Try again</Button>
        <Link href="/home" className={buttonClasses("secondary")}>
          Home
        </Link>
      </div>
    </NoticeCard>
  );
}
