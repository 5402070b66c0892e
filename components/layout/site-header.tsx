import Link from "next/link";
import { Suspense } from "react";

import { signOutAction } from "@/lib/actions/auth";
import { canManageInvitations } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";

import { Button } from "../ui/button";
import { DemoBadge } from "./demo-badge";
import { Logo } from "./logo";
import { PendingCount } from "./pending-count";
import { RoleBadge } from "./role-badge";

export function SiteHeader({ user }: { user: CurrentUser }) {
  const links = [
    { href: "/home", label: "Home" },
    ...(canManageInvitations(user.role) ? [{ href: "/invitations", label: "Invitations" }] : []),
    ...(canManageInvitations(user.role) ? [{ href: "/activity", label: "Activity" }] : []),
    { href: "/my-invitations", label: "My invitations", withPendingCount: true },
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Logo href="/home" />
        <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
          <ul className="flex gap-1">
            {links.map((l) => (
              <li key={l.href}>
                <Link
                  href={l.href}
                  className="inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
                >
                  {"withPendingCount" in l ? (
                    <Suspense fallback={l.label}>
                      <PendingCount label={l.label} />
                    </Suspense>
                  ) : (
                    l.label
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <DemoBadge />
          <div className="hidden text-right sm:block">
            <p className="text-sm leading-tight font-medium">{user.name}</p>
            <p className="text-xs text-slate-500">{user.email}</p>
          </div>
          <RoleBadge role={user.role} />
          <form action={signOutAction}>
            <Button type="submit" variant="secondary" size="sm">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
