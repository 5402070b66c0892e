import type { CurrentUser } from "@/lib/auth/session";

import { DemoBadge } from "./demo-badge";
import { Logo } from "./logo";
import { SignInButton } from "./sign-in-button";
import { SiteHeader } from "./site-header";
import { ThemeSwitch } from "./theme";

/**
 * The frame of every signed-in page (and of "not found", signed in or not): a skip link, the
 * header with the navigation, and the main landmark the skip link jumps to.
 */
export function AppShell({ user, children }: { user: CurrentUser | null; children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-4 focus:left-4 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {user ? (
        <SiteHeader user={user} />
      ) : (
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
            <Logo />
            <div className="flex items-center gap-3">
              <DemoBadge />
              <ThemeSwitch />
              <SignInButton size="md" />
            </div>
          </div>
        </header>
      )}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
