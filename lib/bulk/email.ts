/**
 * Email and role rules shared by the create form, the bulk parser and the server schemas,
 * so "invalid email" means the same thing in the browser, in the preview and in the action.
 * Pure: no server-only or Google imports.
 */

import type { InvitationRole } from "@/lib/concepts";

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
// Deliberately practical rather than RFC 5322: Google accounts never use quoted local parts,
// comments or IP-literal domains, and a stricter check catches paste accidents (a trailing
// comma, "Name <a@b>", a missing TLD) before they cost an API call.
const EMAIL_RE = new RegExp(`^[A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]+@${LABEL}(?:\\.${LABEL})+$`);

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Why an address is unusable, or null when it is fine. Input is expected trimmed. */
export function emailProblem(value: string): string | null {
  if (value === "") return "Enter an email address.";
  if (/\s/.test(value)) return "An email address can't contain spaces.";
  if (!value.includes("@")) return "An email address needs an @, as in name@school.edu.";
  if (value.length > 254) return "This email address is too long.";
  const [local = ""] = value.split("@");
  if (
    local.length > 64 ||
    !EMAIL_RE.test(value) ||
    value.includes("..") ||
    local.startsWith(".") ||
    local.endsWith(".")
  ) {
    return "This isn't a valid email address. Check it for typos, as in name@school.edu.";
  }
  return null;
}

export function isValidEmail(value: string): boolean {
  return emailProblem(value) === null;
}

const ROLE_ALIASES: Record<string, InvitationRole> = {
  student: "STUDENT",
  students: "STUDENT",
  pupil: "STUDENT",
  learner: "STUDENT",
  s: "STUDENT",
  teacher: "TEACHER",
  teachers: "TEACHER",
  coteacher: "TEACHER",
  cot: "TEACHER",
  t: "TEACHER",
  owner: "OWNER",
  courseowner: "OWNER",
  primaryteacher: "OWNER",
  o: "OWNER",
};

/**
 * Tolerant role parsing for pasted lists and CSVs (GAM writes STUDENT/TEACHER/OWNER; people
 * write "Co-teacher" or "student"). Empty means the default; null means unrecognised.
 */
export function parseRole(raw: string | undefined, fallback: InvitationRole = "STUDENT"): InvitationRole | null {
  const key = (raw ?? "").toLowerCase().replace(/[^a-z]/g, "");
  if (key === "") return fallback;
  return ROLE_ALIASES[key] ?? null;
}

/**
 * The addresses in pasted or typed text: separated by commas, semicolons, spaces or new lines,
 * each taken from "Name <name@school.edu>" when written that way, lower-cased, first of each
 * repeat kept. Invalid pieces are kept too, so the box can say what is wrong with each.
 */
export function splitAddresses(text: string): string[] {
  const out: string[] = [];
  // A quoted display name may hold a comma ("Raman, Priya" <priya@…>); it is never an address.
  for (const piece of text.replace(/"[^"]*"/g, " ").split(/[,;\n\r]+/)) {
    const bracketed = [...piece.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!);
    const words = bracketed.length ? bracketed : piece.split(/\s+/);
    for (const word of words) {
      const address = normalizeEmail(word.replace(/^mailto:/i, ""));
      if (address && !out.includes(address)) out.push(address);
    }
  }
  return out;
}
