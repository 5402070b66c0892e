"use client";

import { useSyncExternalStore } from "react";

import { Button } from "@/components/ui/button";
import { PARTIAL_GRANT_TEXT, PARTIAL_GRANT_TITLE } from "@/lib/auth/scopes";

import { PermissionList } from "./permission-list";
import { SignInButton } from "./sign-in-button";

type Missing = { name: string; permission: string; withoutIt: string };

const listeners = new Set<() => void>();
const subscribe = (onChange: () => void) => {
  listeners.add(onChange);
  window.addEventListener("storage", onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onChange);
  };
};

/**
 * Said once: a user who unticked an optional Classroom permission on Google's consent screen is
 * told what is missing and what shows less, with a way to grant it again, until they dismiss it.
 * The dismissal is kept per user and per set of missing permissions, so a later grant that
 * lacks something else is said again. Hidden during server rendering, so it never flashes.
 */
export function PermissionNotice({ userId, missing }: { userId: string; missing: readonly Missing[] }) {
  const key = `permission-notice-dismissed:${userId}:${missing.map((p) => p.name).join(",")}`;
  const dismissed = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(key) === "1",
    () => true,
  );
  if (missing.length === 0 || dismissed) return null;
  const dismiss = () => {
    window.localStorage.setItem(key, "1");
    listeners.forEach((l) => l());
  };
  return (
    <section
      aria-labelledby="permission-notice-title"
      className="mb-6 rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-200"
    >
      <h2 id="permission-notice-title" className="font-semibold">
        {PARTIAL_GRANT_TITLE}
      </h2>
      <PermissionList permissions={missing} />
      <p className="mt-2">{PARTIAL_GRANT_TEXT}</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <SignInButton size="md" label="Grant access again" />
        <Button variant="secondary" onClick={dismiss}>
          Dismiss
        </Button>
      </div>
    </section>
  );
}
