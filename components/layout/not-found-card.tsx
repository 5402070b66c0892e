import Link from "next/link";

import { buttonClasses } from "@/components/ui/button";

import { NoticeCard } from "./notice-card";

/** What an unknown address shows, inside the app's frame. */
export function NotFoundCard({ signedIn }: { signedIn: boolean }) {
  return (
    <NoticeCard title="Page not found">
      <p className="mt-2 text-sm text-slate-600">
        There is no page at this address. The link may be mistyped or out of date.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        {signedIn ? (
          <>
            <Link href="/home" className={buttonClasses("primary")}>
              Go to Home
            </Link>
            <Link href="/my-invitations" className={buttonClasses("secondary")}>
              My invitations
            </Link>
          </>
        ) : (
          <Link href="/" className={buttonClasses("secondary")}>
            Go to the start page
          </Link>
        )}
      </div>
    </NoticeCard>
  );
}
