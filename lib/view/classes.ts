/** The all-classes page (admins) as data: its rows, its filters and the one parser of its URL. */

export const CLASS_STATES = ["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"] as const;

export type ClassRow = {
  id: string;
  name: string;
  section?: string;
  state: string;
  owner: { id: string; name?: string; email?: string };
  /** null: Classroom did not answer for this class (the row says so). */
  teachers: number | null;
  students: number | null;
  pending: number | null;
};

export type ClassesPage = {
  rows: ClassRow[];
  /** Classes matching the filters, before paging. */
  total: number;
  /** Every class of the domain, per state, for the filter's labels. */
  byState: Record<string, number>;
  page: number;
  pageCount: number;
};

export type ClassesSearch = { state?: string; q?: string; page?: number };

type ParamSource = { get(name: string): string | null };

export function parseClassesSearch(params: ParamSource): ClassesSearch {
  const out: ClassesSearch = {};
  const state = params.get("state") ?? "";
  if ((CLASS_STATES as readonly string[]).includes(state)) out.state = state;
  const q = (params.get("q") ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 200);
  if (q) out.q = q;
  const page = Number(params.get("page"));
  if (Number.isInteger(page) && page > 1 && page < 100_000) out.page = page;
  return out;
}

export function toClassesSearchParams(search: ClassesSearch): URLSearchParams {
  const out = new URLSearchParams();
  if (search.state) out.set("state", search.state);
  if (search.q) out.set("q", search.q);
  if (search.page && search.page > 1) out.set("page", String(search.page));
  return out;
}

/** Whether a class matches the text filter: its name, section or id, ignoring case. */
export function classMatches(c: { id: string; name: string; section?: string }, q: string | undefined): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return [c.name, c.section ?? "", c.id].some((v) => v.toLowerCase().includes(needle));
}
