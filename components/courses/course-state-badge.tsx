import { Badge, type BadgeTone } from "@/components/ui/badge";
import { courseStateLabel } from "@/lib/view/course-state";

const STATE_TONE: Record<string, BadgeTone> = {
  ACTIVE: "green",
  ARCHIVED: "neutral",
  PROVISIONED: "amber",
  DECLINED: "red",
  SUSPENDED: "red",
};

/** A course's state as a coloured badge; on its own so a table or a header needn't load the course card. */
export function CourseStateBadge({ state }: { state: string }) {
  return <Badge tone={STATE_TONE[state] ?? "neutral"}>{courseStateLabel(state)}</Badge>;
}
