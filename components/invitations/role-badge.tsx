import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ROLE_LABELS, type InvitationRole } from "@/lib/concepts";

const ROLE_TONE: Record<InvitationRole, BadgeTone> = { STUDENT: "neutral", TEACHER: "brand", OWNER: "violet" };

/** An invitation's role, as the invitations table and the class page show it. */
export function InvitationRoleBadge({ role }: { role: InvitationRole }) {
  return <Badge tone={ROLE_TONE[role]}>{ROLE_LABELS[role]}</Badge>;
}
