import Link from "next/link";

import { NoticeCard } from "@/components/layout/notice-card";
import { buttonClasses } from "@/components/ui/button";

export default function CourseNotFound() {
  return (
    <NoticeCard title="Class not found">
      <p className="mt-2 text-sm text-slate-600">
        This class doesn&apos;t exist, was deleted, or the link is wrong. Choose it again from your list of classes.
      </p>
      <Link href="/home" className={`${buttonClasses("secondary")} mt-6`}>
        Back to home
      </Link>
    </NoticeCard>
  );
}
