import { describe, expect, it } from "vitest";
import { GOOGLE_SCOPES } from "@/lib/env";
import { CLASSROOM_PERMISSIONS, missingPermissions, permissionsNamed } from "./scopes";

describe("missingPermissions", () => {
  it("covers exactly the Classroom scopes the app requests", () => {
    expect(CLASSROOM_PERMISSIONS.map((p) => p.scope).sort()).toEqual(
      GOOGLE_SCOPES.filter((s) => s.includes("/auth/classroom.")).sort(),
    );
  });

  it("names each unticked scope with what stops working", () => {
    const granted = GOOGLE_SCOPES.filter((s) => !s.endsWith("classroom.rosters")).join(" ");
    const missing = missingPermissions(granted);
    expect(missing.map((p) => p.name)).toEqual(["classroom.rosters"]);
    expect(missing[0]!.withoutIt).toMatch(/Invitations stop working/);
    expect(missing[0]!.essential).toBe(true);
    expect(missingPermissions(GOOGLE_SCOPES.filter((s) => !s.endsWith("photos")).join(" "))[0]!.essential).toBe(false);
  });

  it("reports nothing for a full grant or when Google sent no scope", () => {
    expect(missingPermissions(GOOGLE_SCOPES.join(" "))).toEqual([]);
    expect(missingPermissions(undefined)).toEqual([]);
  });

  it("reads the names back from the sign-in page's query, ignoring unknown ones", () => {
    expect(permissionsNamed("classroom.rosters,evil").map((p) => p.name)).toEqual(["classroom.rosters"]);
    expect(permissionsNamed(undefined)).toEqual([]);
  });
});
