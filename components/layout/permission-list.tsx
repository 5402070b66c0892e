import type { ClassroomPermission } from "@/lib/auth/scopes";

/** Each missing Classroom permission, as Google's consent screen names it, and what shows less without it. */
export function PermissionList({
  permissions,
}: {
  permissions: readonly Pick<ClassroomPermission, "name" | "permission" | "withoutIt">[];
}) {
  return (
    <ul className="mt-2 list-disc space-y-1 pl-5">
      {permissions.map((p) => (
        <li key={p.name}>
          <strong className="font-medium">{p.permission}</strong>. {p.withoutIt}
        </li>
      ))}
    </ul>
  );
}
