/** Shared by server and client code: no server-only imports here. */
export type Role = "admin" | "teacher" | "student";

export const canManageInvitations = (role: Role) => role === "admin" || role === "teacher";
