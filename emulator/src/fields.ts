/**
 * The `fields` standard parameter (partial response,
 * https://developers.google.com/workspace/classroom/guides/performance#partial): a
 * comma-separated selection where `a/b` selects `b` inside `a` and `a(b,c)` selects `b` and
 * `c` inside `a` (inside each element when `a` is an array). `*` selects everything at its level.
 * A malformed selection answers 400, as Google does.
 */
import { badRequest } from "./errors";

type Selection = Map<string, Selection | true>;

export function parseFields(spec: string): Selection {
  let i = 0;
  const fail = (): never => {
    throw badRequest(`Invalid field selection ${spec}`);
  };
  const name = (): string => {
    const m = /^[A-Za-z_*][A-Za-z0-9_]*/.exec(spec.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return m[0];
  };
  const list = (closing: string | undefined): Selection => {
    const out: Selection = new Map();
    for (;;) {
      while (spec[i] === " ") i++;
      const path = [name()];
      while (spec[i] === "/") {
        i++;
        path.push(name());
      }
      let leaf: Selection | true = true;
      if (spec[i] === "(") {
        i++;
        leaf = list(")");
      }
      // a/b/c(d) → {a: {b: {c: {d}}}}
      let node: Selection | true = leaf;
      for (let k = path.length - 1; k > 0; k--) node = new Map([[path[k]!, node]]);
      merge(out, path[0]!, node);
      while (spec[i] === " ") i++;
      if (spec[i] === ",") {
        i++;
        continue;
      }
      if (closing && spec[i] === closing) {
        i++;
        return out;
      }
      if (!closing && i === spec.length) return out;
      return fail();
    }
  };
  return list(undefined);
}

function merge(into: Selection, key: string, node: Selection | true): void {
  const prev = into.get(key);
  if (prev === true || node === true) into.set(key, true);
  else if (prev) for (const [k, v] of node) merge(prev, k, v);
  else into.set(key, node);
}

/** Applies a parsed selection to a JSON value. */
export function applyFields(value: unknown, sel: Selection): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, sel));
  if (value === null || typeof value !== "object") return value;
  if (sel.get("*") === true) return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of sel) {
    if (k === "*") continue;
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out[k] = sub === true ? v : applyFields(v, sub);
  }
  return out;
}
