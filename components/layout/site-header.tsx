import { Suspense } from "react";

import { signOutAction } from "@/lib/actions/auth";
import { canManageInvitations } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";

import { JobsIndicator } from "../jobs/jobs-indicator";
import { Button } from "../ui/button";
import { DemoBadge } from "./demo-badge";
import { Logo } from "./logo";
import { NavLinks, type NavLink } from "./nav-links";
import { PendingCount } from "./pending-count";
import { RoleBadge } from "./role-badge";
import { SessionForm } from "./session-form";
import { ThemeSwitch } from "./theme";

export function SiteHeader({ user }: { user: CurrentUser }) {
  const manages = canManageInvitations(user.role);
  const links: NavLink[] = [
    { href: "/home", label: "Home" },
    ...(manages ? [{ href: "/invitations", label: "Invitations" }] : []),
    ...(user.role === "admin" ? [{ href: "/classes", label: "Classes" }] : []),
    ...(manages ? [{ href: "/roster", label: "Roster" }] : []),
    ...(manages ? [{ href: "/insights", label: "Insights" }] : []),
    ...(manages ? [{ href: "/activity", label: "Activity" }] : []),
    ...(manages ? [{ href: "/jobs", label: <JobsIndicator label="Jobs" /> }] : []),
    {
      href: "/my-invitations",
      label: (
        <Suspense fallback="My invitations">
          <PendingCount label="My invitations" />
        </Suspense>
      ),
    },
    { href: "/help", label: "Help" },
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Logo href="/home" />
        <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
          <NavLinks links={links} />
        </nav>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-3">
          <DemoBadge />
          <ThemeSwitch />
          <div className="hidden text-right sm:block">
            <p className="text-sm leading-tight font-medium">{user.name}</p>
            <p className="text-xs text-slate-500">{user.email}</p>
          </div>
          <RoleBadge role={user.role} />
          <SessionForm action={signOutAction}>
            <Button type="submit" variant="secondary" size="sm">
              Sign out
            </Button>
          </SessionForm>
        </div>
      </div>
    </header>
  );
}
