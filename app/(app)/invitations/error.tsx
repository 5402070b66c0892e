"use client";

import { RouteError, type RouteErrorProps } from "@/components/layout/route-error";

export default function InvitationsError(props: RouteErrorProps) {
  return <RouteError {...props} title="The invitations could not be loaded" />;
}
