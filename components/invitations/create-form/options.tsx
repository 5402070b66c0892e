import { ROLE_LABELS, type InvitationRole } from "@/lib/concepts";

export type InviteCourseOption = { id: string; name: string; section?: string };

export function courseOptionLabel(c: InviteCourseOption) {
  return c.section ? `${c.name} (${c.section})` : c.name;
}

const byName = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** One <option> per class, labelled "Name (Section)", in name order, then section order. */
export function CourseOptions({ courses }: { courses: readonly InviteCourseOption[] }) {
  const sorted = [...courses].sort(
    (a, b) => byName.compare(a.name, b.name) || byName.compare(a.section ?? "", b.section ?? ""),
  );
  return sorted.map((c) => (
    <option key={c.id} value={c.id}>
      {courseOptionLabel(c)}
    </option>
  ));
}

/** One <option> per role, with the UI's role names. */
export function RoleOptions({ roles }: { roles: readonly InvitationRole[] }) {
  return roles.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
}
