"use client";

import Link from "next/link";
import { useId } from "react";

import { Button } from "@/components/ui/button";
import type { RosterProfileSummary } from "@/lib/db/roster-profiles";
import { exactTime } from "@/lib/format/time";
import { numberFormat as nf } from "@/lib/format/count";

/** What a run changed; direct adds and removals are named only when there were some. */
function runText(counts: RosterProfileSummary["runs"][number]["counts"]): string {
  const parts = [
    `${nf.format(counts.invite ?? 0)} invited`,
    ...(counts.add ? [`${nf.format(counts.add)} added directly`] : []),
    `${nf.format(counts["change-role"] ?? 0)} role changes`,
    `${nf.format(counts.revoke ?? 0)} revoked`,
    ...(counts.remove ? [`${nf.format(counts.remove)} removed`] : []),
  ];
  return parts.join(", ");
}

/** Saved syncs: run one again (a re-run right after its commit previews no changes), and its history. */
export function RosterProfiles({
  profiles,
  onRerun,
  busy,
}: {
  profiles: readonly RosterProfileSummary[];
  onRerun: (id: string) => void;
  busy: boolean;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-6">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        Saved syncs
      </h2>
      {profiles.length === 0 ? (
        <p className="text-sm text-slate-600">
          None yet. A sync is saved when you commit it, with its roster and class matches, so you can run it again.
        </p>
      ) : (
        <ul className="space-y-4">
          {profiles.map((p) => (
            <li key={p.id} className="space-y-2 border-b border-slate-100 pb-3 last:border-0">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium">{p.name}</p>
                  <p className="text-sm text-slate-600" suppressHydrationWarning>
                    {`${nf.format(p.classes)} classes, ${nf.format(p.enrollments)} enrollments; saved ${exactTime(p.updatedAt)}`}
                  </p>
                </div>
                <Button variant="secondary" size="sm" onClick={() => onRerun(p.id)} disabled={busy}>
                  {`Preview ${p.name} again`}
                </Button>
              </div>
              {p.runs.length > 0 ? (
                <table className="text-sm">
                  <caption className="sr-only">{`Runs of ${p.name}`}</caption>
                  <thead className="text-slate-600">
                    <tr>
                      <th scope="col" className="pr-4 text-left font-medium">
                        Run
                      </th>
                      <th scope="col" className="pr-4 text-left font-medium">
                        Changed
                      </th>
                      <th scope="col" className="text-left font-medium">
                        Job
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.runs.map((r) => (
                      <tr key={r.at}>
                        <td className="pr-4" suppressHydrationWarning>
                          {exactTime(r.at)}
                        </td>
                        <td className="pr-4">{runText(r.counts)}</td>
                        <td>
                          {r.jobId ? (
                            <Link href={`/jobs/${r.jobId}`} className="text-brand-700 underline">
                              Results
                            </Link>
                          ) : (
                            "Nothing to change"
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
