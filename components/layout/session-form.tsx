"use client";

import { useActionState, type ReactNode } from "react";

import type { FormAction } from "@/lib/actions/safe-action";

/**
 * The sign-in, sign-out and dismiss forms: plain HTML forms posting to their server action, so
 * they work before any JavaScript has loaded. On success the action redirects (Google's account
 * chooser, or home) or redraws the page; a refusal comes back through the one action wrapper and
 * is said next to the button.
 */
export function SessionForm<T>({
  action,
  className,
  children,
}: {
  action: FormAction<FormData, T>;
  className?: string;
  children: ReactNode;
}) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className}>
      {children}
      <p role="alert" className="mt-2 max-w-xs text-sm text-red-700 empty:hidden">
        {result && !result.ok ? result.error.message : null}
      </p>
    </form>
  );
}
