import type { Role } from "@/lib/auth/roles";

import { Badge, type BadgeTone } from "../ui/badge";

const LABEL: Record<Role, { text: string; tone: BadgeTone }> = {
  admin: { text: "Domain admin", tone: "violet" },
  teacher: { text: "Teacher", tone: "brand" },
  student: { text: "Student", tone: "green" },
};

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={LABEL[role].tone}>{LABEL[role].text}</Badge>;
}

export const roleLabel = (role: Role) => LABEL[role].text;
