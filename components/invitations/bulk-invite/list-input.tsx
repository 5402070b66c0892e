"use client";

import { useCallback, useId, useState } from "react";

import { Button } from "@/components/ui/button";
import { fieldSelectClass } from "@/components/ui/field";
import { countText } from "@/lib/format/count";
import { MAX_BULK_ROWS } from "@/lib/actions/invitations.limits";
import { INVITATION_ROLES, type InvitationRole } from "@/lib/concepts";
import { rowLimitProblem } from "@/lib/bulk/limits";
import { fileSizeProblem } from "@/lib/bulk/parse";
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_BODY_LABEL } from "@/lib/request-limits";

import { CourseOptions, RoleOptions, type InviteCourseOption } from "../create-form/options";
import type { BulkParse } from "./parse-summary";
import { useParsedBulk, useTextareaText } from "./use-parsed-bulk";

/**
 * The longest list the paste box keeps. A longer one can't be previewed anyway (a preview's
 * request carries at most the server's body limit), and the browser's own editing of a box that
 * long takes a second or more per keystroke; it is set aside, as pasted, like an uploaded file.
 */
const PASTE_BOX_MAX_CHARS = MAX_REQUEST_BODY_BYTES;

/**
 * Step 1: the list, pasted or uploaded, with the class and role for rows that lack them.
 * Any change invalidates the preview (`onChange`); `onPreview` gets the parsed list.
 */
export function ListInput({
  courses,
  previewing,
  previewError,
  onChange,
  onPreview,
}: {
  courses: readonly InviteCourseOption[];
  previewing: boolean;
  previewError: string | null;
  onChange: () => void;
  onPreview: (parsed: BulkParse["parsed"] | null, tooManyRows: string | null) => void;
}) {
  const id = useId();
  const [file, setFile] = useState<{ name: string; text: string; pasted?: boolean } | null>(null);
  const pasted = useTextareaText(
    PASTE_BOX_MAX_CHARS,
    useCallback((text: string) => setFile({ name: "", text, pasted: true }), []),
  );
  const [fileError, setFileError] = useState<string | null>(null);
  const [defaultCourse, setDefaultCourse] = useState("");
  const [defaultRole, setDefaultRole] = useState<InvitationRole>("STUDENT");

  const source = file?.text ?? pasted.text;
  const reading = useParsedBulk(source, { course: defaultCourse, role: defaultRole });
  const { result } = reading;
  const parsing = reading.parsing || (!file && pasted.stale);
  const parsed = result?.parsed ?? null;
  const rowCount = result?.rowCount ?? 0;
  const tooManyRows = rowLimitProblem(rowCount, MAX_BULK_ROWS);

  async function onFile(f: File | undefined) {
    onChange();
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

  return (
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
          One person per line: email, class (id or exact name), role. A header row is optional; GAM column names such as
          user, courseId and role work too.
        </p>
        {/* Uncontrolled: a controlled textarea has React write the whole list back into the DOM
            on every keystroke, seconds per key for a list of several megabytes. */}
        <textarea
          id={`${id}-paste`}
          defaultValue=""
          onChange={(e) => {
            pasted.onChange(e);
            onChange();
          }}
          disabled={Boolean(file)}
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
            aria-describedby={fileError ? `${id}-file-error` : undefined}
            className="mt-1 block text-sm"
          />
        </div>
        {file ? (
          <p className="text-sm text-slate-700">
            {file.pasted ? (
              `The pasted list is ${(file.text.length / (1024 * 1024)).toFixed(1)} MB: longer than a preview can take (${MAX_REQUEST_BODY_LABEL}), so it is set aside as pasted rather than kept in the box. Split it into smaller lists.`
            ) : (
              <>
                Using <span className="font-medium">{file.name}</span>.
              </>
            )}{" "}
            <button
              type="button"
              className="font-medium text-brand-700 underline"
              onClick={() => {
                setFile(null);
                onChange();
              }}
            >
              {file.pasted ? "Clear the pasted list" : "Remove file"}
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
              onChange();
            }}
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
              onChange();
            }}
            className={fieldSelectClass}
          >
            <RoleOptions roles={INVITATION_ROLES} />
          </select>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => !parsing && onPreview(parsed, tooManyRows)} disabled={previewing || parsing}>
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
  );
}
