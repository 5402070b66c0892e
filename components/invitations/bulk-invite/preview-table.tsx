"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { BulkPreviewRow, BulkStatus } from "@/lib/actions/invitations.schemas";
import { ROLE_LABELS } from "@/lib/concepts";
import { BULK_STATUS_LABELS } from "@/lib/bulk/plan";

import type { RowOutcome } from "./job-outcomes";

const TONE: Record<BulkStatus, BadgeTone> = {
  will_invite: "green",
  already_invited: "neutral",
  already_invited_other_role: "amber",
  already_member: "neutral",
  invalid_email: "red",
  invalid_role: "red",
  missing_course: "red",
  unknown_course: "red",
  ambiguous_course: "amber",
  not_allowed: "red",
  domain_refused: "red",
  unknown_account: "red",
  duplicate_row: "amber",
};

const COLUMNS = ["Row", "Email", "Class", "Role", "Preview"];

/** Every row with what the preview found and, once sent, what Classroom answered. */
export function PreviewTable({
  rows,
  outcomes,
}: {
  rows: readonly BulkPreviewRow[];
  outcomes: ReadonlyMap<number, RowOutcome>;
}) {
  const sending = outcomes.size > 0;
  return (
    <ScrollRegion label="Bulk invitation rows" className="max-h-[36rem] overflow-auto rounded-lg ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Bulk invitation rows</caption>
        <thead className="sticky top-0 bg-slate-50 text-slate-600">
          <tr>
            {(sending ? [...COLUMNS, "Result"] : COLUMNS).map((name) => (
              <th key={name} scope="col" className="px-3 py-2 font-medium">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const outcome = outcomes.get(r.line);
            return (
              <tr
                key={r.line}
                data-status={r.status}
                data-result={outcome?.state}
                className="border-t border-slate-100 align-top"
              >
                <td className="px-3 py-2 text-slate-500 tabular-nums">{r.line}</td>
                <td className="px-3 py-2 break-all">{r.email || <span className="text-slate-500">(empty)</span>}</td>
                <td className="px-3 py-2">
                  {r.courseName ?? (r.courseRef || <span className="text-slate-500">(none)</span>)}
                </td>
                <td className="px-3 py-2">{r.role ? ROLE_LABELS[r.role] : "—"}</td>
                <td className="px-3 py-2">
                  <Badge tone={TONE[r.status]}>{BULK_STATUS_LABELS[r.status]}</Badge>
                  <span className="mt-1 block text-xs text-slate-600">{r.message}</span>
                </td>
                {sending ? (
                  <td className="px-3 py-2">
                    <OutcomeCell outcome={outcome} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function OutcomeCell({ outcome }: { outcome: RowOutcome | undefined }) {
  if (!outcome) return <span className="text-slate-400">—</span>;
  if (outcome.state === "not_sent") return <Badge tone="neutral">Not sent</Badge>;
  if (outcome.state === "waiting") return <Badge tone="neutral">Waiting</Badge>;
  if (outcome.state === "sent") return <Badge tone="green">{outcome.label}</Badge>;
  return (
    <>
      <Badge tone="red">Failed</Badge>
      <span className="mt-1 block text-xs text-red-800">{outcome.message}</span>
    </>
  );
}
