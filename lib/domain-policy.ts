/**
 * Whether the school's "Who can join classes in your domain" setting (Admin console → Apps →
 * Google Workspace → Classroom → Class settings) will refuse an invitee, decided before anything
 * is sent. Classroom answers such an invitation or accept with 403 `@UserInIllegalDomain`;
 * warning first saves the teacher a failed send and a place in the daily invitation cap.
 *
 * The Classroom API does not expose that setting, so the app is told it by configuration
 * (`CLASSROOM_JOIN_POLICY`, `CLASSROOM_SCHOOL_DOMAINS`, `CLASSROOM_ALLOWLISTED_DOMAINS`, read by
 * lib/env.ts into `env().joinSetting`). Unconfigured means unknown: nothing is flagged and
 * Classroom decides on send. See docs/classroom-api.md, "Who can join classes".
 *
 * Pure and free of server-only imports, so the invite form can run the same check in the browser
 * with a setting the server page hands it.
 */

export const JOIN_POLICIES = ["DOMAIN_ONLY", "ALLOWLISTED_DOMAINS", "ANY_WORKSPACE", "ANYONE"] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

/** The school's setting as the app knows it. Domains are lower-case, without "@". */
export type JoinSetting = {
  policy: JoinPolicy;
  /** The school's own primary and secondary domains: always allowed, whatever the policy. */
  schoolDomains: readonly string[];
  /** With `ALLOWLISTED_DOMAINS`: the other domains allowed to join. */
  allowlistedDomains: readonly string[];
};

/**
 * Why the setting refuses an invitee:
 * - `outside_school`: DOMAIN_ONLY and the address is not one of the school's domains;
 * - `not_allowlisted`: ALLOWLISTED_DOMAINS and the domain is neither the school's nor listed;
 * - `personal_account`: ANY_WORKSPACE and the address is a personal Google account.
 */
export type DomainRefusal = { kind: "outside_school" | "not_allowlisted" | "personal_account"; domain: string };

/**
 * Domains that only hold personal Google accounts. Any other domain may be a Workspace
 * organisation, and the app cannot tell a personal account on it apart: under ANY_WORKSPACE
 * only these are flagged, the rest are left for Classroom to decide.
 */
const PERSONAL_ACCOUNT_DOMAINS: ReadonlySet<string> = new Set(["gmail.com", "googlemail.com"]);

/** The lower-cased domain of an email address, or null for anything else (a numeric user id, "me"). */
export function emailDomain(invitee: string): string | null {
  const at = invitee.trim().lastIndexOf("@");
  if (at <= 0) return null;
  const domain = invitee
    .trim()
    .slice(at + 1)
    .toLowerCase();
  return domain === "" ? null : domain;
}

/**
 * The one decision: null when the invitee may join (or the app cannot tell), otherwise why the
 * school's setting will refuse them. Only the inviting school's side is judged; the invitee's own
 * organisation may refuse as well, which Classroom reports on send.
 */
export function domainRefusal(invitee: string, setting: JoinSetting | null | undefined): DomainRefusal | null {
  if (!setting) return null;
  const domain = emailDomain(invitee);
  if (!domain || setting.schoolDomains.includes(domain)) return null;
  switch (setting.policy) {
    case "DOMAIN_ONLY":
      return { kind: "outside_school", domain };
    case "ALLOWLISTED_DOMAINS":
      return setting.allowlistedDomains.includes(domain) ? null : { kind: "not_allowlisted", domain };
    case "ANY_WORKSPACE":
      return PERSONAL_ACCOUNT_DOMAINS.has(domain) ? { kind: "personal_account", domain } : null;
    case "ANYONE":
      return null;
  }
}

/** Parses a comma-separated domain list as configured ("a.edu, @B.org" → ["a.edu", "b.org"]). */
export function parseDomainList(raw: string | undefined): string[] {
  return [
    ...new Set(
      (raw ?? "")
        .split(",")
        .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    ),
  ];
}
