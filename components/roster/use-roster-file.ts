"use client";

import { useState } from "react";

import { rosterSizeProblem } from "@/lib/roster/limits";
import type { Roster } from "@/lib/roster/model";
import { readRoster } from "@/lib/roster/read";

export type LoadedRoster = { roster: Roster; sourceName: string };

/**
 * Reads the chosen files in the browser: sizes first (a 50 MB file is refused without reading
 * a byte of it), then lib/roster's reader. Nothing leaves the machine until the preview.
 */
export function useRosterFile() {
  const [loaded, setLoaded] = useState<LoadedRoster | null>(null);
  const [reading, setReading] = useState(false);

  async function read(files: readonly File[]) {
    if (files.length === 0) return setLoaded(null);
    const sourceName = files.length === 1 ? files[0]!.name : files.map((f) => f.name).join(", ");
    const tooBig = files.flatMap((f) => {
      const message = rosterSizeProblem(f.name, f.size);
      return message ? [{ file: f.name, row: null, message }] : [];
    });
    if (tooBig.length > 0) {
      setLoaded({
        sourceName,
        roster: { format: "csv", classes: [], enrollments: [], schools: [], terms: [], problems: tooBig, notes: [] },
      });
      return;
    }
    setReading(true);
    try {
      const uploads = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      setLoaded({ sourceName, roster: readRoster(uploads) });
    } finally {
      setReading(false);
    }
  }

  return { loaded, setLoaded, reading, read };
}
