import { Button } from "@/components/ui/button";
import { dismissPermissionNoticeAction } from "@/lib/actions/auth";
import { isPermissionNoticeDismissed } from "@/lib/auth/permission-notice";
import { PARTIAL_GRANT_TEXT, PARTIAL_GRANT_TITLE } from "@/lib/auth/scopes";

import { PermissionList } from "./permission-list";
import { SessionForm } from "./session-form";
import { SignInButton } from "./sign-in-button";

type Missing = { name: string; permission: string; withoutIt: string };

/**
 * Said once: a user who unticked an optional Classroom permission on Google's consent screen is
 * told what is missing and what shows less, with a way to grant it again, until they dismiss it
 * (kept per user and set of missing permissions, lib/auth/permission-notice.ts). Drawn on the
 * server with plain forms: no code of its own reaches the browser, which keeps it off the first
 * load of every signed-in page.
 */
export async function PermissionNotice({ userId, missing }: { userId: string; missing: readonly Missing[] }) {
  if (missing.length === 0 || (await isPermissionNoticeDismissed(userId, missing))) return null;
  return (
    <section
      aria-labelledby="permission-notice-title"
      className="mb-6 rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-200"
    >
      <h2 id="permission-notice-title" className="font-semibold">
        {PARTIAL_GRANT_TITLE}
      </h2>
      <PermissionList permissions={missing} />
      <p className="mt-2">{PARTIAL_GRANT_TEXT}</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <SignInButton size="md" label="Grant access again" />
        <SessionForm action={dismissPermissionNoticeAction}>
          <Button type="submit" variant="secondary">
            Dismiss
          </Button>
        </SessionForm>
      </div>
    </section>
  );
}
