"use client";

import { RouteError, type RouteErrorProps } from "@/components/layout/route-error";

export default function MyInvitationsError(props: RouteErrorProps) {
  return (
    <RouteError
      {...props}
      title="We couldn’t load your invitations"
      hint="Google Classroom may be slow or unavailable. Nothing was accepted or declined."
    />
  );
}
