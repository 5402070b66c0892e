import { describe, expect, it } from "vitest";

import { domainRefusedText } from "@/lib/invitation-messages";

import { domainRefusal, emailDomain, parseDomainList, type JoinSetting } from "./domain-policy";

const school = { schoolDomains: ["northwood.edu", "athletics.northwood.edu"], allowlistedDomains: ["riverside.org"] };
const setting = (policy: JoinSetting["policy"]): JoinSetting => ({ policy, ...school });

describe("domainRefusal", () => {
  // One row per (policy, invitee): the same matrix the emulator's joinAllowed applies on send.
  const cases: [JoinSetting["policy"], string, string | null][] = [
    ["DOMAIN_ONLY", "ana@northwood.edu", null],
    ["DOMAIN_ONLY", "coach@athletics.northwood.edu", null],
    ["DOMAIN_ONLY", "m@riverside.org", "outside_school"],
    ["DOMAIN_ONLY", "sam@gmail.com", "outside_school"],
    ["ALLOWLISTED_DOMAINS", "ana@northwood.edu", null],
    ["ALLOWLISTED_DOMAINS", "m@riverside.org", null],
    ["ALLOWLISTED_DOMAINS", "x@elsewhere.org", "not_allowlisted"],
    ["ALLOWLISTED_DOMAINS", "sam@gmail.com", "not_allowlisted"],
    ["ANY_WORKSPACE", "x@elsewhere.org", null],
    ["ANY_WORKSPACE", "sam@gmail.com", "personal_account"],
    ["ANY_WORKSPACE", "sam@GoogleMail.com", "personal_account"],
    ["ANYONE", "sam@gmail.com", null],
  ];
  it.each(cases)("%s: %s → %s", (policy, email, kind) => {
    const r = domainRefusal(email, setting(policy));
    expect(r?.kind ?? null).toBe(kind);
    if (r) expect(r.domain).toBe(email.split("@")[1]!.toLowerCase());
  });

  it("a subdomain of the school is not the school unless listed", () => {
    expect(domainRefusal("a@music.northwood.edu", setting("DOMAIN_ONLY"))).toEqual({
      kind: "outside_school",
      domain: "music.northwood.edu",
    });
  });

  it("flags nothing when the setting is unknown or the invitee is a user id", () => {
    expect(domainRefusal("sam@gmail.com", null)).toBeNull();
    expect(domainRefusal("sam@gmail.com", undefined)).toBeNull();
    expect(domainRefusal("109876543210987654321", setting("DOMAIN_ONLY"))).toBeNull();
    expect(domainRefusal("me", setting("DOMAIN_ONLY"))).toBeNull();
  });

  it("compares case-insensitively and ignores surrounding spaces", () => {
    expect(domainRefusal("  Ana@NorthWood.EDU ", setting("DOMAIN_ONLY"))).toBeNull();
    expect(domainRefusal(" M@RIVERSIDE.org", setting("ALLOWLISTED_DOMAINS"))).toBeNull();
  });
});

describe("domainRefusedText", () => {
  it("names the domain and what to do, for each refusal", () => {
    for (const kind of ["outside_school", "not_allowlisted", "personal_account"] as const) {
      const text = domainRefusedText({ kind, domain: "elsewhere.org" });
      expect(text).toMatch(/^Classroom will refuse this invitation: /);
      expect(text).toContain("elsewhere.org");
      expect(text).toMatch(/administrator/);
    }
  });
});

describe("helpers", () => {
  it("emailDomain and parseDomainList", () => {
    expect(emailDomain("a@B.org")).toBe("b.org");
    expect(emailDomain("@b.org")).toBeNull();
    expect(emailDomain("a@")).toBeNull();
    expect(parseDomainList(" A.org, @b.ORG ,, a.org")).toEqual(["a.org", "b.org"]);
    expect(parseDomainList(undefined)).toEqual([]);
  });
});
