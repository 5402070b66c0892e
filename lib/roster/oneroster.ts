/**
 * OneRoster 1.1 and 1.2 CSV (bulk files) to a Roster. The files used: classes.csv, users.csv,
 * enrollments.csv, and in 1.2 roles.csv (where a user's role moved); orgs.csv and
 * academicSessions.csv only name schools and terms for the filters. Column names and required
 * fields follow the 1edtech CSV binding (docs/roster.md lists them).
 *
 * Every bad row is a row-numbered problem and is left out; the good rows around it are kept.
 * A file missing a required column is a file-level problem and contributes nothing, since its
 * rows cannot be read reliably.
 */
import type { Roster, RosterClass, RosterEnrollment, RosterProblem, RosterRole } from "./model";
import { missingColumns, type Table } from "./table";

export const ONEROSTER_FILES = [
  "manifest.csv",
  "classes.csv",
  "users.csv",
  "enrollments.csv",
  "roles.csv",
  "orgs.csv",
  "academicSessions.csv",
] as const;

/** The spec's required columns, per file and version (1edtech OneRoster 1.1 / 1.2 CSV tables). */
export const REQUIRED_COLUMNS = {
  "classes.csv": ["sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"],
  "users.csv@1.1": ["sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"],
  "users.csv@1.2": ["sourcedId", "enabledUser", "username", "givenName", "familyName"],
  "enrollments.csv": ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"],
  "roles.csv": ["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"],
} as const;

/** OneRoster enrollment roles the sync manages; the others (aide, guardian, …) are left out and counted. */
const ROLE_MAP: Record<string, RosterRole> = { student: "STUDENT", teacher: "TEACHER" };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type OneRosterVersion = "1.1" | "1.2";

/** The version from manifest.csv, else from the files: roles.csv, or no role column in users.csv, means 1.2. */
export function detectVersion(tables: ReadonlyMap<string, Table>): OneRosterVersion {
  const manifest = tables.get("manifest.csv");
  const declared = manifest?.rows.find((r) => r.get("propertyName") === "oneroster.version")?.get("value");
  if (declared?.startsWith("1.2")) return "1.2";
  if (declared?.startsWith("1.1")) return "1.1";
  if (tables.has("roles.csv")) return "1.2";
  const users = tables.get("users.csv");
  return users && users.columns.includes("role") ? "1.1" : "1.2";
}

/** Builds the roster from decoded tables (file name → table). */
/** `unreadable`: files present but not decodable, already reported by the caller. */
export function readOneRoster(tables: ReadonlyMap<string, Table>, unreadable: ReadonlySet<string> = new Set()): Roster {
  const version = detectVersion(tables);
  const problems: RosterProblem[] = [...[...tables.values()].flatMap((t) => t.problems)];
  const notes: string[] = [];
  const fileProblem = (file: string, message: string) => problems.push({ file, row: null, message });
  const rowProblem = (file: string, row: number, message: string) => problems.push({ file, row, message });

  const usable = (file: string, requiredKey: keyof typeof REQUIRED_COLUMNS, needed: boolean): Table | null => {
    const table = tables.get(file);
    if (!table) {
      if (needed && !unreadable.has(file))
        fileProblem(file, "the file is missing; a OneRoster export needs classes.csv, users.csv and enrollments.csv.");
      return null;
    }
    const missing = missingColumns(table, REQUIRED_COLUMNS[requiredKey]);
    if (missing.length > 0) {
      fileProblem(
        file,
        `required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing; nothing in this file was read.`,
      );
      return null;
    }
    return table;
  };
  const active = (file: string, r: { get(c: string): string }) => r.get("status").toLowerCase() !== "tobedeleted";

  // Unique sourcedIds: a repeat is reported and ignored, the first row stands.
  function unique<T>(file: string, table: Table | null, build: (r: Table["rows"][number]) => T | string | null) {
    const out = new Map<string, T>() as Map<string, T> & { rowOf: Map<string, number> };
    const firstRow = new Map<string, number>();
    out.rowOf = firstRow;
    for (const r of table?.rows ?? []) {
      const id = r.get("sourcedId");
      if (id === "") {
        rowProblem(file, r.row, "sourcedId is empty; this row is ignored.");
        continue;
      }
      const seen = firstRow.get(id);
      if (seen !== undefined) {
        rowProblem(file, r.row, `sourcedId ${id} is already used on row ${seen}; this row is ignored.`);
        continue;
      }
      firstRow.set(id, r.row);
      if (!active(file, r)) continue;
      const value = build(r);
      if (typeof value === "string") rowProblem(file, r.row, value);
      else if (value !== null) out.set(id, value);
    }
    return out;
  }

  const classesTable = usable("classes.csv", "classes.csv", true);
  const classes = unique<RosterClass>("classes.csv", classesTable, (r) => {
    const title = r.get("title");
    if (title === "") return "title is empty; this class is ignored.";
    return {
      key: r.get("sourcedId"),
      title,
      aliases: [`d:${r.get("sourcedId")}`],
      schoolId: r.get("schoolSourcedId") || null,
      termIds: r
        .get("termSourcedIds")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    };
  });

  const usersTable = usable("users.csv", version === "1.1" ? "users.csv@1.1" : "users.csv@1.2", true);
  let disabled = 0;
  const users = unique<{ email: string; role: string }>("users.csv", usersTable, (r) => {
    if (r.get("enabledUser").toLowerCase() === "false") {
      disabled++;
      return null;
    }
    const email = (r.get("email") || r.get("username")).toLowerCase();
    if (!EMAIL.test(email)) return "no email address (email, or a username that is one); this user is ignored.";
    return { email, role: version === "1.1" ? r.get("role").toLowerCase() : "" };
  });
  if (disabled > 0) notes.push(`${disabled} disabled user${disabled === 1 ? "" : "s"} (enabledUser = false) left out.`);

  // 1.2: a user's role lives in roles.csv; only its primary role matters here.
  if (version === "1.2") {
    const rolesTable = usable("roles.csv", "roles.csv", false);
    unique("roles.csv", rolesTable, (r) => {
      const user = users.get(r.get("userSourcedId"));
      if (user && (r.get("roleType").toLowerCase() === "primary" || user.role === ""))
        user.role = r.get("role").toLowerCase();
      return null;
    });
  }

  const enrollmentsTable = usable("enrollments.csv", "enrollments.csv", true);
  const enrollments: RosterEnrollment[] = [];
  const leftOut = new Map<string, number>();
  unique("enrollments.csv", enrollmentsTable, (r) => {
    const classKey = r.get("classSourcedId");
    const user = users.get(r.get("userSourcedId"));
    if (!classes.has(classKey)) {
      return classesTable && !classes.rowOf.has(classKey)
        ? `class ${classKey} is not in classes.csv; this enrollment is ignored.`
        : null;
    }
    if (!user) {
      return usersTable && !users.rowOf.has(r.get("userSourcedId"))
        ? `user ${r.get("userSourcedId")} is not in users.csv; this enrollment is ignored.`
        : null;
    }
    const raw = r.get("role").toLowerCase();
    const role = ROLE_MAP[raw];
    if (!role) {
      leftOut.set(raw || "(empty)", (leftOut.get(raw || "(empty)") ?? 0) + 1);
      return null;
    }
    enrollments.push({
      classKey,
      email: user.email,
      role,
      primary: role === "TEACHER" && r.get("primary").toLowerCase() === "true",
    });
    return null;
  });
  for (const [role, n] of leftOut)
    notes.push(
      `${n} enrollment${n === 1 ? "" : "s"} with role “${role}” left out: the sync manages students and teachers.`,
    );

  const names = (file: string, column: string) =>
    new Map((tables.get(file)?.rows ?? []).map((r) => [r.get("sourcedId"), r.get(column)]));
  const orgNames = names("orgs.csv", "name");
  const termNames = names("academicSessions.csv", "title");
  const schoolIds = [...new Set([...classes.values()].flatMap((c) => (c.schoolId ? [c.schoolId] : [])))];
  const termIds = [...new Set([...classes.values()].flatMap((c) => c.termIds))];

  return {
    format: version === "1.1" ? "oneroster-1.1" : "oneroster-1.2",
    classes: [...classes.values()],
    enrollments,
    schools: schoolIds.map((id) => ({ id, name: orgNames.get(id) || id })),
    terms: termIds.map((id) => ({ id, name: termNames.get(id) || id })),
    problems,
    notes,
  };
}
