"use client";

import Link from "next/link";
import { useId, useMemo, useState, useTransition } from "react";

import { BackgroundSend } from "@/components/jobs/background-send";
import { Button } from "@/components/ui/button";
import { fieldSelectClass } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { countText } from "@/lib/format/count";
import { previewBulkInviteAction } from "@/lib/actions/invitations";
import { MAX_BULK_ROWS } from "@/lib/actions/invitations.limits";
import type { BulkPreviewData, BulkSendRow } from "@/lib/actions/invitations.schemas";
import { INVITATION_ROLES, type InvitationRole } from "@/lib/concepts";
import { BULK_STATUS_LABELS, BULK_STATUSES, isSendable } from "@/lib/bulk/plan";
import { bodyLimitProblem, rowLimitProblem } from "@/lib/bulk/limits";
import { fileSizeProblem } from "@/lib/bulk/parse";
import { callAction } from "@/lib/query/call-action";

import { CourseOptions, RoleOptions, type InviteCourseOption } from "../create-form";
import { PreviewTable } from "./preview-table";
import { useBulkSend, type RowOutcome } from "./use-bulk-send";
import { useParsedBulk } from "./use-parsed-bulk";

const nf = new Intl.NumberFormat("en-US");

/**
 * Bulk invite: paste or upload → Preview (a dry run that sends nothing) →
 * "Send N invitations", chunked with progress and Cancel → per-row results → "Retry failed rows".
 */
export function BulkInvite({ courses }: { courses: readonly InviteCourseOption[] }) {
  const id = useId();
  const [text, setText] = useState("");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [defaultCourse, setDefaultCourse] = useState("");
  const [defaultRole, setDefaultRole] = useState<InvitationRole>("STUDENT");
  const [preview, setPreview] = useState<BulkPreviewData | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  const sender = useBulkSend();

  const source = file?.text ?? text;
  const { result, parsing } = useParsedBulk(source, { course: defaultCourse, role: defaultRole });
  const parsed = result?.parsed ?? null;
  const rowCount = result?.rowCount ?? 0;
  const tooManyRows = rowLimitProblem(rowCount, MAX_BULK_ROWS);

  function invalidatePreview() {
    setPreview(null);
    setPreviewError(null);
    sender.reset();
  }

  async function onFile(f: File | undefined) {
    invalidatePreview();
    setFileError(null);
    setFile(null);
    if (!f) return;
    const tooBig = fileSizeProblem(f.size);
    if (tooBig) {
      setFileError(tooBig);
      return;
    }
    setFile({ name: f.name, text: await f.text() });
  }

  function runPreview() {
    if (parsing) return;
    if (tooManyRows) {
      setPreviewError(tooManyRows);
      return;
    }
    if (!parsed || parsed.rows.length === 0) {
      setPreviewError(parsed?.problems[0] ?? "There is nothing to preview: paste a list or choose a CSV file.");
      return;
    }
    const input = { rows: parsed.rows };
    // Checked here so that a list the server refuses for its size says so, not "couldn't reach".
    const tooLarge = bodyLimitProblem([input]);
    if (tooLarge) {
      setPreviewError(tooLarge);
      return;
    }
    setPreviewError(null);
    sender.reset();
    startPreview(async () => {
      const res = await callAction(() => previewBulkInviteAction(input));
      if (!res.ok) {
        setPreviewError(res.error.message);
        return;
      }
      setPreview(res.data);
    });
  }

  const sendable: BulkSendRow[] = useMemo(
    () =>
      (preview?.rows ?? [])
        .filter(isSendable)
        .map((r) => ({ line: r.line, email: r.email, courseId: r.courseId!, role: r.role! })),
    [preview],
  );
  const { unfinished, sent, failed } = useMemo(() => tally(sendable, sender.outcomes), [sendable, sender.outcomes]);
  const notSent = unfinished.length - failed;
  const sending = sender.state === "sending";
  const finished = sender.state === "done" || sender.state === "cancelled";

  async function send(rows: BulkSendRow[]) {
    const r = await sender.run(rows);
    if (!r) return; // abandoned: the list changed under it
    const what = `${countText(r.sent)} sent`;
    if (r.failed === 0 && r.notSent === 0) {
      toast.success(`${what}.`);
      return;
    }
    const notSentText = r.notSent > 0 ? `, ${nf.format(r.notSent)} not sent` : "";
    toast.warning(
      `${what}, ${nf.format(r.failed)} failed${notSentText}${r.stopped ? " (stopped)" : ""}. ${nextStep(r.failed, r.notSent)}`,
    );
  }

  return (
    <div className="space-y-8">
      <section
        aria-labelledby={`${id}-input`}
        className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id={`${id}-input`} className="text-lg font-semibold">
          1. Your list
        </h2>
        <div>
          <label htmlFor={`${id}-paste`} className="block text-sm font-medium">
            Paste a list
          </label>
          <p id={`${id}-paste-hint`} className="text-sm text-slate-600">
            One person per line: email, class (id or exact name), role. A header row is optional; GAM column names such
            as user, courseId and role work too.
          </p>
          {/* Uncontrolled: a controlled textarea has React write the whole list back into the DOM
              on every keystroke, seconds per key for a list of several megabytes. */}
          <textarea
            id={`${id}-paste`}
            defaultValue=""
            onChange={(e) => {
              setText(e.target.value);
              invalidatePreview();
            }}
            disabled={Boolean(file) || sending}
            rows={8}
            spellCheck={false}
            aria-describedby={`${id}-paste-hint`}
            placeholder={"email,course,role\npriya.raman@school.edu,Algebra I (Period 1),student"}
            className="mt-2 block w-full rounded-lg border border-slate-300 p-3 font-mono text-sm disabled:bg-slate-50"
          />
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor={`${id}-file`} className="block text-sm font-medium">
              Or upload a CSV file
            </label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,.txt,.tsv,text/csv,text/plain"
              onChange={(e) => void onFile(e.target.files?.[0])}
              disabled={sending}
              aria-describedby={fileError ? `${id}-file-error` : undefined}
              className="mt-1 block text-sm"
            />
          </div>
          {file ? (
            <p className="text-sm text-slate-700">
              Using <span className="font-medium">{file.name}</span>.{" "}
              <button
                type="button"
                className="font-medium text-brand-700 underline disabled:text-slate-400"
                disabled={sending}
                onClick={() => {
                  setFile(null);
                  invalidatePreview();
                }}
              >
                Remove file
              </button>
            </p>
          ) : null}
        </div>
        <p id={`${id}-file-error`} role="alert" className="text-sm text-red-700">
          {fileError ?? ""}
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-course`} className="block text-sm font-medium">
              Class for rows without one
            </label>
            <select
              id={`${id}-course`}
              value={defaultCourse}
              onChange={(e) => {
                setDefaultCourse(e.target.value);
                invalidatePreview();
              }}
              disabled={sending}
              className={fieldSelectClass}
            >
              <option value="">None: every row names its class</option>
              <CourseOptions courses={courses} />
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-role`} className="block text-sm font-medium">
              Role for rows without one
            </label>
            <select
              id={`${id}-role`}
              value={defaultRole}
              onChange={(e) => {
                setDefaultRole(e.target.value as InvitationRole);
                invalidatePreview();
              }}
              disabled={sending}
              className={fieldSelectClass}
            >
              <RoleOptions roles={INVITATION_ROLES} />
            </select>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={runPreview} disabled={previewing || sending || parsing}>
            {previewing ? "Checking…" : "Preview"}
          </Button>
          <p className="text-sm text-slate-600" aria-live="polite">
            {parsing
              ? "Reading the list…"
              : parsed && rowCount > 0
                ? `${countText(rowCount, "row")} read${parsed.hasHeader ? " (header found)" : ""}.${tooManyRows ? "" : " Preview checks them without sending anything."}`
                : ""}
          </p>
        </div>
        <div role="alert" className="text-sm text-red-700">
          {previewError ?? (parsing ? "" : [tooManyRows, ...(parsed?.problems ?? [])].filter(Boolean).join(" "))}
        </div>
      </section>

      {preview ? (
        <section
          aria-labelledby={`${id}-preview`}
          aria-busy={previewing}
          className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
        >
          <h2 id={`${id}-preview`} className="text-lg font-semibold">
            2. Preview
          </h2>
          <p className="text-sm text-slate-700" role="status">
            {summary(preview)}
          </p>

          <div className="flex flex-wrap items-center gap-3">
            {sender.state === "idle" ? (
              <Button onClick={() => void send(sendable)} disabled={sendable.length === 0}>
                {`Send ${countText(sendable.length)}`}
              </Button>
            ) : null}
            {sending ? (
              <Button variant="secondary" onClick={sender.cancel} disabled={sender.stopping}>
                {sender.stopping ? "Stopping…" : "Cancel"}
              </Button>
            ) : null}
            {finished && unfinished.length > 0 ? (
              <Button onClick={() => void send(unfinished)}>{retryLabel(failed, notSent)}</Button>
            ) : null}
            {finished ? (
              <Link href="/invitations" className="text-sm font-medium text-brand-700 underline">
                See all invitations
              </Link>
            ) : null}
          </div>

          {sender.state === "idle" ? <BackgroundSend rows={sendable} /> : null}

          {sender.state !== "idle" ? (
            <div className="space-y-1">
              <div
                role="progressbar"
                aria-label="Sending invitations"
                aria-valuemin={0}
                aria-valuemax={sender.progress.total}
                aria-valuenow={sender.progress.done}
                aria-valuetext={`${sender.progress.done} of ${sender.progress.total} rows processed`}
                className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
              >
                <div
                  className="h-full bg-brand-600 transition-[width]"
                  style={{
                    width: `${sender.progress.total ? (100 * sender.progress.done) / sender.progress.total : 0}%`,
                  }}
                />
              </div>
              <p className="text-sm text-slate-700" role="status" aria-live="polite">
                {sending
                  ? `${sender.stopping ? "Stopping once the rows in flight are answered…" : "Sending…"} ${nf.format(sender.progress.done)} of ${nf.format(sender.progress.total)} processed.`
                  : `${sender.state === "cancelled" ? "Stopped. " : "Done. "}${nf.format(sent)} sent, ${nf.format(failed)} failed${
                      notSent > 0 ? `, ${nf.format(notSent)} not sent` : ""
                    }.`}
              </p>
            </div>
          ) : null}

          <PreviewTable rows={preview.rows} outcomes={sender.outcomes} />
        </section>
      ) : null}
    </div>
  );
}

/**
 * One pass over the outcomes: how many were sent and failed, and the rows that failed or were
 * never sent (a Cancel, a lost session), which is what a second run sends.
 */
function tally(sendable: readonly BulkSendRow[], outcomes: ReadonlyMap<number, RowOutcome>) {
  let sent = 0;
  let failed = 0;
  for (const o of outcomes.values()) {
    if (o.state === "sent") sent++;
    else if (o.state === "failed") failed++;
  }
  const unfinished = sendable.filter((r) => {
    const o = outcomes.get(r.line);
    return o && o.state !== "sent";
  });
  return { unfinished, sent, failed };
}

function retryLabel(failed: number, notSent: number): string {
  if (notSent === 0) return "Retry failed rows";
  if (failed === 0) return `Send the remaining ${nf.format(notSent)}`;
  return "Retry failed rows and send the rest";
}

function nextStep(failed: number, notSent: number): string {
  if (notSent === 0) return "You can retry the failed rows.";
  if (failed === 0) return "You can send the rest.";
  return "You can retry the failed rows and send the rest.";
}

function summary(preview: BulkPreviewData): string {
  const total = preview.rows.length;
  const parts = BULK_STATUSES.filter((s) => preview.counts[s]).map(
    // "Duplicate row" is a noun and counts ("2 duplicate rows"); the other labels say what happens.
    (s) =>
      s === "duplicate_row"
        ? countText(preview.counts[s]!, "duplicate row")
        : `${nf.format(preview.counts[s]!)} ${BULK_STATUS_LABELS[s].toLowerCase()}`,
  );
  return `${countText(total, "row")}: ${parts.join(", ")}. Nothing has been sent yet.`;
}
