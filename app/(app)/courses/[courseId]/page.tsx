import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { CourseView } from "@/components/invitations/course/course-view";
import { env } from "@/lib/env";
import { NoticeCard } from "@/components/layout/notice-card";
import { buttonClasses } from "@/components/ui/button";
import { requireToken, requireUser } from "@/lib/auth/session";
import { COURSE_REF_PATTERN } from "@/lib/concepts";
import { courseQueryOptions } from "@/lib/query/course";
import { loadCoursePage } from "@/lib/loaders/course";
import { getQueryClient } from "@/lib/query/client";

export const metadata: Metadata = { title: "Class" };

/**
 * Authorised on the server: teachers of the class and admins only. A student is
 * refused without a Classroom call; another teacher gets a clear "not allowed".
 */
export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId: raw } = await params;
  const courseId = safeDecode(raw);
  if (!COURSE_REF_PATTERN.test(courseId)) notFound();
  const user = await requireUser();
  if (user.role === "student")
    return <NotAllowed message="Only teachers and administrators can open a class's invitations." />;

  const token = await requireToken(user);
  const result = await loadCoursePage(user, token, courseId);
  if (result.kind === "not_found") notFound();
  if (result.kind === "forbidden") return <NotAllowed message={result.message} />;

  const queryClient = getQueryClient();
  queryClient.setQueryData(courseQueryOptions(courseId).queryKey, result.data);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CourseView courseId={courseId} viewerEmail={user.email} joinSetting={env().joinSetting} />
    </HydrationBoundary>
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return "";
  }
}

function NotAllowed({ message }: { message: string }) {
  return (
    <NoticeCard role="alert" title="You can't open this class">
      <p className="mt-2 text-sm text-slate-600">{message}</p>
      <Link href="/home" className={`${buttonClasses("secondary")} mt-6`}>
        Back to home
      </Link>
    </NoticeCard>
  );
}
