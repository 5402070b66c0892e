// The one action wrapper: what it refuses before the handler runs, and the only shape anything
// leaves it in. The session and the stored Google token belong to a Next request (cookies), so
// those two are stubbed here; everything after them is the real code.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { AppError } from "@/lib/google/errors";
import { MAX_REQUEST_BODY_BYTES } from "@/lib/request-limits";

const session = vi.hoisted(() => ({
  user: null as null | { id: string; name: string; email: string; image: null; role: "admin" | "teacher" | "student" },
  token: "ya29.secret-token" as string | Error,
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/tokens", () => {
  class ReauthRequiredError extends Error {}
  return {
    ReauthRequiredError,
    getGoogleAccessToken: async () => {
      if (session.token === "reauth") throw new ReauthRequiredError("refresh token revoked");
      if (session.token instanceof Error) throw session.token;
      return session.token;
    },
  };
});

const { ActionFailure, authedAction, sessionAction } = await import("./safe-action");

const teacher = { id: "u1", name: "T", email: "t@x.edu", image: null, role: "teacher" as const };
const schema = z.object({ n: z.number().int().max(10) });

beforeEach(() => {
  session.user = teacher;
  session.token = "ya29.secret-token";
});

describe("authedAction", () => {
  it("runs the handler with the parsed input and the caller, and wraps its data", async () => {
    const handler = vi.fn(async (input: { n: number }, ctx: { user: { id: string } }) => ({
      twice: input.n * 2,
      by: ctx.user.id,
    }));
    const action = authedAction({ schema }, handler);
    await expect(action({ n: 4 })).resolves.toEqual({ ok: true, data: { twice: 8, by: "u1" } });
  });

  it("refuses bad input with field errors, before the session is read or the handler runs", async () => {
    const handler = vi.fn();
    session.user = null; // would be SIGNED_OUT if it were read first
    const res = await authedAction({ schema }, handler)({ n: 11 } as never);
    expect(res).toMatchObject({ ok: false, error: { code: "VALIDATION", fieldErrors: { n: [expect.any(String)] } } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses an input over the server's one body limit without parsing it", async () => {
    const schema = z.any();
    const parse = vi.spyOn(schema, "safeParse");
    const res = await authedAction({ schema }, vi.fn())({ blob: "x".repeat(MAX_REQUEST_BODY_BYTES) });
    expect(res).toMatchObject({ ok: false, error: { code: "VALIDATION", message: "The request is too large." } });
    expect(parse).not.toHaveBeenCalled();
  });

  it("counts the limit in bytes, not characters, and lets an input under it through", async () => {
    // 400,000 three-byte characters: 1.2 MB in UTF-8, though only 400,000 characters long.
    const wide = await authedAction({ schema: z.any() }, async () => "ran")({ blob: "€".repeat(400_000) });
    expect(wide).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const under = await authedAction({ schema: z.any() }, async () => "ran")({ blob: "x".repeat(900_000) });
    expect(under).toEqual({ ok: true, data: "ran" });
  });

  it("answers SIGNED_OUT without a session", async () => {
    session.user = null;
    const handler = vi.fn();
    await expect(authedAction({ schema }, handler)({ n: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: "SIGNED_OUT" },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a role not in `roles` before the token is fetched or the handler runs", async () => {
    session.user = { ...teacher, role: "student" };
    session.token = new Error("the token must not be read");
    const handler = vi.fn();
    const res = await authedAction({ schema, roles: ["teacher", "admin"] }, handler)({ n: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers REAUTH_REQUIRED when the Google grant is gone", async () => {
    session.token = "reauth";
    await expect(authedAction({ schema }, vi.fn())({ n: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: "REAUTH_REQUIRED" },
    });
  });

  it("turns a thrown AppError into its code and our text, never upstream text or the token", async () => {
    const action = authedAction({ schema }, async () => {
      throw new AppError({ code: "PERMISSION_DENIED", httpStatus: 403 });
    });
    const res = await action({ n: 1 });
    expect(res).toEqual({ ok: false, error: { code: "PERMISSION_DENIED", message: expect.any(String) } });
    expect(JSON.stringify(res)).not.toContain("ya29");
  });

  it("keeps an ActionFailure's (or any FORBIDDEN refusal's) code and message", async () => {
    const failure = authedAction({ schema }, async () => {
      throw new ActionFailure("RATE_LIMITED", "Slow down.");
    });
    await expect(failure({ n: 1 })).resolves.toEqual({
      ok: false,
      error: { code: "RATE_LIMITED", message: "Slow down." },
    });
    class Denied extends Error {
      readonly code = "FORBIDDEN";
      readonly userMessage = "Not your class.";
    }
    const denied = authedAction({ schema }, async () => {
      throw new Denied("x");
    });
    await expect(denied({ n: 1 })).resolves.toEqual({
      ok: false,
      error: { code: "FORBIDDEN", message: "Not your class." },
    });
  });

  it("adds only what an error chose to make public", async () => {
    class Exists extends AppError {
      readonly secret = "internal";
      publicDetails() {
        return { existing: { id: "9" } };
      }
    }
    const action = authedAction({ schema }, async () => {
      throw new Exists({ code: "ALREADY_EXISTS" });
    });
    const res = await action({ n: 1 });
    expect(res).toEqual({
      ok: false,
      error: { code: "ALREADY_EXISTS", message: expect.any(String), existing: { id: "9" } },
    });
  });

  it("maps an unexpected crash to UNKNOWN with a reference, hiding its message", async () => {
    const action = authedAction({ schema }, async () => {
      throw new Error("SELECT * FROM accounts WHERE token = 'ya29.x'");
    });
    const res = await action({ n: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: "UNKNOWN", message: expect.stringMatching(/Reference/) } });
    expect(JSON.stringify(res)).not.toContain("SELECT");
  });

  it("lets redirect() through: it is control flow, not a failure", async () => {
    const { redirect } = await import("next/navigation");
    const action = authedAction({ schema }, async () => redirect("/signin"));
    await expect(action({ n: 1 })).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
  });
});

describe("sessionAction (sign-in, sign-out)", () => {
  const form = z.instanceof(FormData).transform((f) => String(f.get("next") ?? ""));

  it("runs without a session or a Google token, with the parsed input", async () => {
    session.user = null;
    session.token = new Error("must not be read");
    const handler = vi.fn(async (next: string) => `to ${next}`);
    const data = new FormData();
    data.set("next", "/home");
    await expect(sessionAction({ schema: form }, handler)(null, data)).resolves.toEqual({ ok: true, data: "to /home" });
  });

  it("refuses what is not its form with a typed validation error, before the handler runs", async () => {
    const handler = vi.fn();
    const res = await sessionAction({ schema: form }, handler)(
      { callbackUrl: "//evil.example" } as never,
      undefined as never,
    );
    expect(res).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets the sign-in redirect through, and maps a crash like any action", async () => {
    const { redirect } = await import("next/navigation");
    await expect(
      sessionAction({ schema: z.undefined() }, async () => redirect("/signin"))(null, undefined),
    ).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
    const crash = await sessionAction({ schema: z.undefined() }, async () => {
      throw new Error("client_secret=demo-secret");
    })(null, undefined);
    expect(crash).toMatchObject({ ok: false, error: { code: "UNKNOWN" } });
    expect(JSON.stringify(crash)).not.toContain("secret");
  });
});
