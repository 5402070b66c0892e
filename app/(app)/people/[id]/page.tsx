import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { NoticeCard } from "@/components/layout/notice-card";
import { PersonView } from "@/components/people/person-view";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireRecheckedUser, requireToken } from "@/lib/auth/session";
import { loadPerson } from "@/lib/loaders/person";

export const metadata: Metadata = { title: "Person" };

/** A Classroom user id, or an email address (Classroom takes either wherever it takes a user). */
const PERSON_ID = /^(\d{1,40}|[^\s/@]{1,64}@[^\s/@]{1,255})$/;

/**
 * One person across the classes the viewer manages. The role is re-checked on the server and
 * the loader narrows everything to the viewer's own classes; a student is refused.
 */
export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  let id = "";
  try {
    id = decodeURIComponent(raw).trim();
  } catch {
    notFound();
  }
  if (!PERSON_ID.test(id)) notFound();
  const user = await requireRecheckedUser();
  if (!canManageInvitations(user.role)) {
    return <NoticeCard title="People pages are for teachers and administrators" />;
  }
  const data = await loadPerson(user, await requireToken(user), id);
  if (!data) notFound();
  return <PersonView data={data} scope={user.role === "admin" ? "admin" : "teacher"} />;
}
