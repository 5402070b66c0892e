"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavLink {
  href: string;
  /** Text, or a server-rendered label (e.g. with the pending count). */
  label: React.ReactNode;
}

/** The section a path belongs to: /invitations/bulk is under Invitations, /courses/… too. */
function isActive(href: string, pathname: string, hrefs: string[]): boolean {
  if (pathname === href || pathname.startsWith(`${href}/`)) {
    // The longest matching link wins (/my-invitations is not /invitations).
    return !hrefs.some((h) => h.length > href.length && (pathname === h || pathname.startsWith(`${h}/`)));
  }
  return href === "/invitations" && pathname.startsWith("/courses/");
}

/** The main navigation, marking the current section for sight (underline) and for screen readers. */
export function NavLinks({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  const hrefs = links.map((l) => l.href);
  return (
    <ul className="flex flex-wrap gap-1">
      {links.map((l) => {
        const active = isActive(l.href, pathname, hrefs);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={active ? "page" : undefined}
              className={`inline-flex items-center rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 ${
                active
                  ? "bg-brand-50 text-brand-800 shadow-[inset_0_-2px_0_0_var(--color-brand-600)]"
                  : "text-slate-700"
              }`}
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
