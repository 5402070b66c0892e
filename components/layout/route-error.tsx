"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition } from "react";

import { Button, buttonClasses } from "@/components/ui/button";

import { NoticeCard } from "./notice-card";

export type RouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/**
 * What every segment's error.tsx shows. It renders inside the (app) layout, so the navigation
 * stays usable; the message is generic (details stay in the server log) and the digest lets
 * support find that log entry.
 */
export function RouteError({ error, reset, title, hint }: RouteErrorProps & { title: string; hint?: string }) {
  const router = useRouter();
  // The failure usually came from the server render: re-run it, not just the client boundary.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <NoticeCard role="alert" title={title}>
      <p className="mt-2 text-sm text-slate-600">
        {hint ?? "Google Classroom may be slow or unavailable."} Try again in a moment; if it keeps happening, give your
        administrator this reference: <code className="font-mono">{error.digest ?? "n/a"}</code>
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={retry}>Try again</Button>
        <Link href="/home" className={buttonClasses("secondary")}>
          Home
        </Link>
      </div>
    </NoticeCard>
  );
}
