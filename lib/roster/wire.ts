/**
 * The roster as the browser sends it to the preview and the commit: only what the sync needs,
 * compact (an enrollment is a tuple), so a district's roster fits the 1 MB request limit. The
 * actions validate it (lib/actions/roster.schemas.ts).
 */
import type { RosterClass, RosterEnrollment, RosterFormat, RosterRole } from "./model";

export interface RosterWire {
  format: RosterFormat;
  classes: { key: string; title: string; aliases: string[] }[];
  /** [class index, email, role, primary] */
  enrollments: [number, string, RosterRole, boolean][];
}

export function toWire(roster: {
  format: RosterFormat;
  classes: readonly RosterClass[];
  enrollments: readonly RosterEnrollment[];
}): RosterWire {
  const index = new Map(roster.classes.map((c, i) => [c.key, i]));
  return {
    format: roster.format,
    classes: roster.classes.map((c) => ({ key: c.key, title: c.title, aliases: c.aliases })),
    enrollments: roster.enrollments.flatMap((e) => {
      const i = index.get(e.classKey);
      return i === undefined ? [] : [[i, e.email, e.role, e.primary] as RosterWire["enrollments"][number]];
    }),
  };
}

export function fromWire(wire: RosterWire): {
  classes: RosterClass[];
  enrollments: RosterEnrollment[];
} {
  const classes = wire.classes.map((c) => ({ ...c, schoolId: null, termIds: [] }));
  return {
    classes,
    enrollments: wire.enrollments.flatMap(([i, email, role, primary]) => {
      const c = classes[i];
      return c ? [{ classKey: c.key, email, role, primary }] : [];
    }),
  };
}
