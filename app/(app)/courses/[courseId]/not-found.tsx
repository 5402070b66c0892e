import Link from "next/link";

import { buttonClasses } from "@/components/ui/button";

export default function CourseNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">Class not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        This class doesn&apos;t exist, was deleted, or the link is wrong. Choose it again from your list of classes.
      </p>
      <Link href="/home" className={`${buttonClasses("secondary")} mt-6`}>
        Back to home
      </Link>
    </div>
  );
}
