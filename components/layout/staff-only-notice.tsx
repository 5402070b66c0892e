import Link from "next/link";

import { buttonClasses } from "@/components/ui/button";

import { NoticeCard } from "./notice-card";

/** What a student sees on a page for teachers and administrators. */
export function StaffOnlyNotice({ title }: { title: string }) {
  return (
    <NoticeCard role="alert" title={title}>
      <p className="mt-2 text-sm text-slate-600">Your account can accept its own invitations, not send them.</p>
      <Link href="/my-invitations" className={`${buttonClasses("secondary")} mt-6`}>
        My invitations
      </Link>
    </NoticeCard>
  );
}
