import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ROLE_LABELS, type InviteRole } from "@/lib/bulk/email";

const ROLE_TONE: Record<InviteRole, BadgeTone> = { STUDENT: "neutral", TEACHER: "brand", OWNER: "violet" };

/** An invitation's role, as the invitations table and the class page show it. */
export function InvitationRoleBadge({ role }: { role: InviteRole }) {
  return <Badge tone={ROLE_TONE[role]}>{ROLE_LABELS[role]}</Badge>;
}
