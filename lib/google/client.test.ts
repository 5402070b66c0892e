import { afterEach, describe, expect, it } from "vitest";
import { asAccessToken, classroomFor, getClassroomRootUrl, redact } from "./client";
import { GOOGLE_DEFAULTS } from "@/lib/env";

const saved = {
  root: process.env.CLASSROOM_ROOT_URL,
  id: process.env.AUTH_GOOGLE_ID,
  secret: process.env.AUTH_GOOGLE_SECRET,
};
const restore = (name: string, value: string | undefined) =>
  value === undefined ? delete process.env[name] : (process.env[name] = value);
afterEach(() => {
  restore("CLASSROOM_ROOT_URL", saved.root);
  restore("AUTH_GOOGLE_ID", saved.id);
  restore("AUTH_GOOGLE_SECRET", saved.secret);
});

describe("root URL", () => {
  it("defaults to Google's when a Google client is configured", () => {
    delete process.env.CLASSROOM_ROOT_URL;
    process.env.AUTH_GOOGLE_ID = "id.apps.googleusercontent.com";
    process.env.AUTH_GOOGLE_SECRET = "secret";
    expect(getClassroomRootUrl()).toBe(GOOGLE_DEFAULTS.classroomRootUrl);
  });

  it("defaults to the emulator in demo mode", () => {
    delete process.env.CLASSROOM_ROOT_URL;
    delete process.env.AUTH_GOOGLE_ID;
    delete process.env.AUTH_GOOGLE_SECRET;
    expect(getClassroomRootUrl()).toBe("http://127.0.0.1:4010/");
  });

  it("reads CLASSROOM_ROOT_URL and always ends with a slash", () => {
    process.env.CLASSROOM_ROOT_URL = "http://127.0.0.1:4010";
    expect(getClassroomRootUrl()).toBe("http://127.0.0.1:4010/");
  });

  it("rejects a bad value with the variable's name", () => {
    process.env.CLASSROOM_ROOT_URL = "not a url";
    expect(() => getClassroomRootUrl()).toThrow(/CLASSROOM_ROOT_URL/);
    process.env.CLASSROOM_ROOT_URL = "ftp://x";
    expect(() => getClassroomRootUrl()).toThrow(/http or https/);
  });
});

describe("client", () => {
  it("requires a token", () => {
    expect(() => asAccessToken("")).toThrow();
    expect(asAccessToken("ya29.x")).toBe("ya29.x");
  });

  it("builds a client with retries off, sending through the quota scheduler", () => {
    process.env.CLASSROOM_ROOT_URL = "http://127.0.0.1:4010/";
    const client = classroomFor(asAccessToken("ya29.x"), { timeoutMs: 1234 });
    const options = (client as unknown as { context: { _options: Record<string, unknown> } }).context._options;
    expect(options).toMatchObject({ rootUrl: "http://127.0.0.1:4010/", retry: false });
    // The timeout runs from admission (scheduledFetch), not from gaxios' start.
    expect(options.timeout).toBeUndefined();
    expect(typeof options.fetchImplementation).toBe("function");
  });
});

describe("redact", () => {
  it.each([
    ["Authorization: Bearer ya29.a0Af-_x.y", "Bearer [redacted]"],
    ["token ya29.emu.abcDEF123 used", "token ya29.[redacted] used"],
    ["refresh 1//0gAbC-def_123 end", "refresh 1//[redacted] end"],
    ["GET /x?access_token=abc&y=1", "GET /x?access_token=[redacted]&y=1"],
    ["grant refresh_token=1//xyz", "grant refresh_token=[redacted]"],
  ])("%s", (input, expected) => {
    expect(redact(input)).toContain(expected);
    expect(redact(input)).not.toMatch(/a0Af|abcDEF123|0gAbC|=abc|xyz/);
  });

  it("leaves ordinary text alone", () => {
    expect(redact("GET /v1/invitations/123 → 404")).toBe("GET /v1/invitations/123 → 404");
  });
});
