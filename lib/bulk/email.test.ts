import { describe, expect, it } from "vitest";

import { emailProblem, isValidEmail, normalizeEmail, parseRole, splitAddresses } from "./email";

describe("emailProblem", () => {
  it.each(["student@northwood.edu", "a.b+c@sub.school.org", "o'neil@x.io", "x@x-y.co"])("accepts %s", (e) => {
    expect(emailProblem(e)).toBeNull();
  });
  it.each([
    ["", /Enter an email/],
    ["no-at-sign", /needs an @/],
    ["a b@x.edu", /spaces/],
    ["a@x", /isn't a valid/],
    ["a@@x.edu", /isn't a valid/],
    ["a..b@x.edu", /isn't a valid/],
    [".a@x.edu", /isn't a valid/],
    ["a@-x.edu", /isn't a valid/],
    ["a@x.edu,", /isn't a valid/],
    [`${"a".repeat(65)}@x.edu`, /isn't a valid/],
    [`a@${"b".repeat(250)}.edu`, /too long/],
  ])("rejects %j", (e, message) => {
    expect(emailProblem(e)).toMatch(message);
    expect(isValidEmail(e)).toBe(false);
  });
  it("normalises case and spaces", () => {
    expect(normalizeEmail("  Priya@Northwood.EDU ")).toBe("priya@northwood.edu");
  });
});

describe("parseRole", () => {
  it.each([
    ["STUDENT", "STUDENT"],
    ["student", "STUDENT"],
    ["Teacher", "TEACHER"],
    ["Co-teacher", "TEACHER"],
    ["co teacher", "TEACHER"],
    ["OWNER", "OWNER"],
    ["", "STUDENT"],
    [undefined, "STUDENT"],
  ])("%j → %s", (raw, role) => {
    expect(parseRole(raw)).toBe(role);
  });
  it("uses the given default for empty cells and refuses unknown words", () => {
    expect(parseRole(" ", "TEACHER")).toBe("TEACHER");
    expect(parseRole("principal")).toBeNull();
  });
});

describe("splitAddresses", () => {
  it("splits pasted lists on commas, semicolons, spaces and lines, once each", () => {
    expect(splitAddresses("a@x.edu, B@X.edu;c@x.edu\nd@x.edu  e@x.edu, a@x.edu")).toEqual([
      "a@x.edu",
      "b@x.edu",
      "c@x.edu",
      "d@x.edu",
      "e@x.edu",
    ]);
  });

  it("takes the address out of 'Name <address>' and mailto: links, and keeps invalid pieces", () => {
    expect(splitAddresses('"Raman, Priya" <priya@x.edu>; Jo Li <jo@x.edu>, mailto:z@x.edu, oops')).toEqual([
      "priya@x.edu",
      "jo@x.edu",
      "z@x.edu",
      "oops",
    ]);
    expect(splitAddresses(" ,; \n")).toEqual([]);
  });
});
