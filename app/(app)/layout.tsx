import { AppShell } from "@/components/layout/app-shell";
import { PermissionNotice } from "@/components/layout/permission-notice";
import { getMissingPermissions } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const missing = await getMissingPermissions(user.id);
  return (
    <AppShell user={user}>
      <PermissionNotice
        userId={user.id}
        missing={missing.map(({ name, permission, withoutIt }) => ({ name, permission, withoutIt }))}
      />
      {children}
    </AppShell>
  );
}
