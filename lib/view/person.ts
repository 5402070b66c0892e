/** The person page's data: one person's invitations and places in the viewer's classes. */
import type { InvitationRole } from "@/lib/concepts";

type CourseLabel = { courseId: string; courseName: string; section?: string };

export type PersonPageData = {
  person: { id: string; name: string; email?: string };
  invitations: (CourseLabel & {
    id: string;
    role: InvitationRole;
    /** The viewer may invite an owner to this class (its owner, or an admin). */
    canInviteOwner: boolean;
  })[];
  memberships: (CourseLabel & { role: InvitationRole; state: string })[];
};
